package io.capstan.agent.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.agent.OwnerOnly;
import io.capstan.protocol.Job;
import io.capstan.protocol.Names;
import io.capstan.protocol.ProtocolJson;
import io.capstan.protocol.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named tokens of one agent, in {@code <stateDir>/tokens.json}: for each its name, the SHA-256 of the token (never
 * the token: whoever reads the state folder must not be able to use them), when it was created and, once revoked,
 * when. A revoked token stays listed, so a request that presents it is answered "revoked" rather than "unknown", and
 * {@code token list} shows the history. The file is owner-only like the rest of the state, replaced atomically on
 * every change (a reader never sees half of it), and changed only under an OS lock on {@code tokens.lock}, so two
 * {@code capstan agent token} commands cannot undo each other. The agent never writes it after creating it; when each
 * token was last used is its own file, {@code tokens-used.json}, which only the agent writes (decision record 81).
 */
public final class TokenFile {
    public static final String FILE = "tokens.json";
    public static final String USED_FILE = "tokens-used.json";
    private static final String LOCK_FILE = "tokens.lock";
    /** The generated token in clear text, which local clients (the console, the command line) read. */
    public static final String GENERATED = "agent.token";
    /** The name the generated token gets when the file is first made. */
    public static final String OWNER = "owner";
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One token: {@code sha256} is lower-case hex; {@code revokedAt} null while it is valid. */
    public record Entry(String name, String sha256, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** The file's shape: a version, so a later agent can change it without guessing. */
    record Contents(int version, List<Entry> tokens) {
    }

    private final Path stateDir;
    private final Clock clock;

    public TokenFile(Path stateDir) {
        this(stateDir, Clock.systemUTC());
    }

    public TokenFile(Path stateDir, Clock clock) {
        this.stateDir = stateDir;
        this.clock = clock;
    }

    public Path path() {
        return stateDir.resolve(FILE);
    }

    public Path usedPath() {
        return stateDir.resolve(USED_FILE);
    }

    /** 32 bytes from {@link SecureRandom}, base64url without padding (43 characters), as the generated token. */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * SHA-256 of the token's UTF-8 bytes. A plain hash, not a slow password hash: the tokens are 256 random bits, so
     * there is nothing to guess from a hash, and every request pays for the check.
     */
    public static byte[] hash(String token) {
        return hash(token.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The tokens as the file has them now; empty when there is no file. */
    public List<Entry> entries() {
        try {
            return Files.exists(path()) ? parse(Files.readAllBytes(path())) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> parse(byte[] bytes) throws IOException {
        Contents c = JSON.readValue(bytes, Contents.class);
        if (c == null || c.tokens() == null) throw new IOException("no \"tokens\" list");
        for (Entry e : c.tokens()) {
            if (e == null || !Names.isValid(e.name()) || e.sha256() == null || e.sha256().length() != 64) {
                throw new IOException("a token without a valid name and SHA-256: " + e);
            }
        }
        return List.copyOf(c.tokens());
    }

    /**
     * Makes the file if there is none: with the generated token as {@value #OWNER}, or empty when the operator supplies
     * the token. Called by the agent at start and by the command line before any change, so whichever comes first
     * keeps the generated token valid.
     */
    public void initialize(String ownerToken) {
        locked(() -> {
            if (Files.exists(path())) return null;
            List<Entry> tokens = ownerToken == null ? List.of()
                    : List.of(new Entry(OWNER, hex(hash(ownerToken)), now(), null));
            write(tokens);
            return null;
        });
    }

    /**
     * Adds a token named {@code name} and returns it: the only time it exists in clear text. A revoked token of that
     * name is replaced (its jobs keep the name); a valid one is refused.
     *
     * @throws IllegalArgumentException for a name that is not valid, reserved, or taken
     */
    public String add(String name) {
        if (!Names.isValid(name)) {
            throw new IllegalArgumentException("invalid token name \"" + name + "\": use " + Names.NAME.pattern());
        }
        if (name.equals(Job.AGENT)) {
            throw new IllegalArgumentException("\"" + Job.AGENT + "\" is reserved: it names the jobs the agent starts itself");
        }
        String token = newToken();
        locked(() -> {
            initializeFromGeneratedToken();
            List<Entry> tokens = new ArrayList<>(entries());
            if (tokens.stream().anyMatch(e -> e.name().equals(name) && e.active())) {
                throw new IllegalArgumentException("a token named \"" + name + "\" exists; revoke it first");
            }
            tokens.removeIf(e -> e.name().equals(name));
            tokens.add(new Entry(name, hex(hash(token)), now(), null));
            write(tokens);
            return null;
        });
        return token;
    }

    /**
     * Revokes the token named {@code name}: the agent refuses it from its next request on, and ends the streams it
     * opened.
     *
     * @throws IllegalArgumentException when there is no valid token of that name
     */
    public void revoke(String name) {
        if (name.equals(OWNER) && Files.exists(stateDir.resolve(GENERATED))) {
            // The console and command line on this host read agent.token: revoking it would lock them out with no way
            // back but a hand edit. Rotating also ends the old token's use, and leaves them a new one to read.
            throw new IllegalArgumentException("\"" + OWNER + "\" is the token this host's console and command line read"
                    + " from " + GENERATED + ": rotate it instead (capstan agent token rotate " + OWNER + ")");
        }
        locked(() -> {
            initializeFromGeneratedToken();
            List<Entry> tokens = new ArrayList<>(entries());
            int i = indexOf(tokens, name);
            if (i < 0) throw new IllegalArgumentException("no token named \"" + name + "\"");
            Entry e = tokens.get(i);
            if (!e.active()) throw new IllegalArgumentException("the token \"" + name + "\" was already revoked");
            tokens.set(i, new Entry(e.name(), e.sha256(), e.createdAt(), now()));
            write(tokens);
            return null;
        });
    }

    /**
     * Gives the valid token named {@code name} a new value and returns it: the old one is refused from the agent's next
     * request on and its open streams end (reason {@code rotated}); jobs keep the name. For {@value #OWNER} the new
     * token is also written to {@code agent.token}, under the same lock, where the local console and command line read
     * it (decision record 112).
     *
     * @throws IllegalArgumentException when there is no valid token of that name
     */
    public String rotate(String name) {
        String token = newToken();
        locked(() -> {
            initializeFromGeneratedToken();
            List<Entry> tokens = new ArrayList<>(entries());
            int i = indexOf(tokens, name);
            if (i < 0 || !tokens.get(i).active()) {
                throw new IllegalArgumentException("no valid token named \"" + name + "\" to rotate"
                        + (i < 0 ? "" : ": it was revoked; add it again (capstan agent token add " + name + ")"));
            }
            tokens.set(i, new Entry(name, hex(hash(token)), now(), null));
            // The clear-text copy is prepared first and moved in last: a failure before the move leaves the old token
            // valid and agent.token holding it, so the console keeps working; nothing leaves agent.token refused.
            Path generated = stateDir.resolve(GENERATED);
            if (name.equals(OWNER) && Files.exists(generated)) {
                Path next = generated.resolveSibling(GENERATED + ".next");
                try {
                    replace(next, token.getBytes(StandardCharsets.UTF_8));
                    write(tokens);
                    Files.move(next, generated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(next);
                }
            } else {
                write(tokens);
            }
            return null;
        });
        return token;
    }

    /** When each token was last used, as the agent recorded it (to the minute); empty before any use. */
    public Map<String, Instant> lastUsed() {
        try {
            if (!Files.exists(usedPath())) return Map.of();
            return new TreeMap<>(JSON.readValue(Files.readAllBytes(usedPath()), new TypeReference<Map<String, Instant>>() { }));
        } catch (IOException e) {
            return Map.of(); // the agent rewrites it; a torn or foreign file is no reason to refuse a listing
        }
    }

    /** Writes {@code tokens-used.json} (the agent only). */
    void writeLastUsed(Map<String, Instant> used) throws IOException {
        replace(usedPath(), JSON.writeValueAsBytes(new TreeMap<>(used)));
    }

    /** A command line run before the agent's first start: the generated token, if it is there, stays valid. */
    private void initializeFromGeneratedToken() throws IOException {
        if (Files.exists(path())) return;
        Path generated = stateDir.resolve(GENERATED);
        String t = Files.exists(generated) ? Files.readString(generated, StandardCharsets.UTF_8).trim() : "";
        write(t.isEmpty() ? List.of() : List.of(new Entry(OWNER, hex(hash(t)), now(), null)));
    }

    private static int indexOf(List<Entry> tokens, String name) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    private Instant now() {
        return Timestamps.millis(clock.instant());
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private void write(List<Entry> tokens) throws IOException {
        replace(path(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Contents(1, tokens)));
    }

    /** A new owner-only file moved over the old one: readers see the old file or the new, never a part. */
    private void replace(Path target, byte[] bytes) throws IOException {
        OwnerOnly.replace(target, target.resolveSibling(target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"),
                bytes);
    }

    @FunctionalInterface
    private interface Change<T> {
        T run() throws IOException;
    }

    /** Runs a read-modify-write under the OS lock of {@code tokens.lock}, waiting for another holder to finish. */
    private <T> T locked(Change<T> change) {
        try {
            OwnerOnly.folder(stateDir);
            try (FileChannel ch = FileChannel.open(stateDir.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
                 FileLock lock = ch.lock()) {
                return change.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry of that name, if any. */
    public Optional<Entry> find(String name) {
        return entries().stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
