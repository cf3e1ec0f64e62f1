package io.capstan.agent.auth;

import io.capstan.agent.audit.AuditLog;
import io.capstan.protocol.TokenRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's view of its tokens: the file's entries, read again whenever the file changed, plus the operator's own
 * token when one was supplied at start (named {@value TokenFile#OWNER}, outside the file). Every request and every open
 * stream asks it, so a revoke in the file is honoured by the next question, without a restart or a watcher thread.
 *
 * <p>"Changed" is judged from the file's identity, modification time and size (one {@code stat}); a file modified
 * within the last {@link #RACY} is also read and compared byte for byte, because two quick rewrites can agree on all
 * three (the same trick git uses for its index). A file that cannot be read or parsed refuses every token it held
 * (fail closed: a hand edit gone wrong must not revive a revoked token), and says so in the log.
 */
public final class TokenRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRegistry.class);
    static final Duration RACY = Duration.ofSeconds(2);

    /** What a presented token is: whose, and whether it may still be used. */
    public record Verdict(String name, boolean allowed, String reason, TokenRefusal refusal) {
        static final Verdict UNKNOWN = new Verdict(null, false, "missing or wrong bearer token", null);
    }

    /** One token in memory: its hash as bytes for the constant-time compare. */
    private record Known(String name, byte[] sha256, boolean active) {
    }

    /** The file as last read, with what identified it. */
    private record Snapshot(Object key, byte[] bytes, List<Known> tokens, boolean racy) {
    }

    private final TokenFile file;
    private final Known supplied;
    private final Clock clock;
    private final TokenUsage usage;
    private volatile Snapshot snapshot = new Snapshot(null, null, List.of(), true);

    /** @param suppliedToken the operator's token ({@code --token-file}), or null when the file holds them all */
    public TokenRegistry(TokenFile file, String suppliedToken, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.supplied = suppliedToken == null ? null : new Known(TokenFile.OWNER, TokenFile.hash(suppliedToken), true);
        this.usage = new TokenUsage(file, clock);
        current();
    }

    /**
     * Whose token this is and whether it is valid. Every known hash is compared, each in constant time, so neither the
     * answer's time nor an early exit tells a caller how close a guess was or which entry matched.
     */
    public Verdict check(byte[] presented) {
        if (presented.length == 0) return Verdict.UNKNOWN;
        byte[] h = TokenFile.hash(presented);
        Known match = null;
        for (Known k : all()) {
            if (MessageDigest.isEqual(h, k.sha256()) && (match == null || k.active())) match = k;
        }
        if (match == null) return Verdict.UNKNOWN;
        if (!match.active()) {
            return new Verdict(match.name(), false, TokenRefusal.REVOKED.message(match.name()), TokenRefusal.REVOKED);
        }
        usage.touched(match.name());
        return new Verdict(match.name(), true, null, null);
    }

    /**
     * Why the token a stream was opened with ({@code name}, its SHA-256) is no longer accepted, or null while it is;
     * asked by open streams at each wake-up. By hash, not by name: a rotated token keeps its name with a new hash, and
     * the streams of the old one must end too.
     */
    public TokenRefusal refusal(String name, byte[] sha256) {
        boolean nameActive = false;
        for (Known k : all()) {
            if (!k.active()) continue;
            if (MessageDigest.isEqual(sha256, k.sha256())) return null;
            nameActive |= k.name().equals(name);
        }
        return nameActive ? TokenRefusal.ROTATED : TokenRefusal.REVOKED;
    }

    /** Writes the last-used times not yet on disk (at close). */
    public void flush() {
        usage.flush();
    }

    private List<Known> all() {
        List<Known> fromFile = current().tokens();
        if (supplied == null) return fromFile;
        List<Known> out = new ArrayList<>(fromFile.size() + 1);
        out.add(supplied);
        out.addAll(fromFile);
        return out;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Object key = key(file.path());
        if (!s.racy() && Objects.equals(key, s.key())) return s;
        synchronized (this) {
            s = snapshot;
            key = key(file.path());
            if (!s.racy() && Objects.equals(key, s.key())) return s;
            snapshot = reload(s, key);
            return snapshot;
        }
    }

    private Snapshot reload(Snapshot before, Object key) {
        Instant now = clock.instant();
        boolean racy = !(key instanceof Key k) || Duration.between(k.modified(), now).compareTo(RACY) < 0;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (NoSuchFileException e) {
            if (before.bytes() == null || before.bytes().length > 0) {
                LOG.warn("{} does not exist: only the operator's token (if any) is accepted", file.path());
            }
            return new Snapshot(key, new byte[0], List.of(), racy);
        } catch (IOException e) {
            LOG.error("could not read {}: its tokens are refused until it can be read ({})", file.path(), e.toString());
            return new Snapshot(key, null, List.of(), true);
        }
        if (before.bytes() != null && Arrays.equals(bytes, before.bytes())) {
            return new Snapshot(key, bytes, before.tokens(), racy);
        }
        List<Known> tokens;
        try {
            tokens = new ArrayList<>();
            for (TokenFile.Entry e : TokenFile.parse(bytes)) {
                tokens.add(new Known(e.name(), HexFormat.of().parseHex(e.sha256()), e.active()));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("{} cannot be read as a token file: its tokens are refused until it is fixed ({})", file.path(),
                    e.getMessage());
            return new Snapshot(key, bytes, List.of(), racy);
        }
        if (before.key() != null) audit(before.tokens(), tokens, now);
        return new Snapshot(key, bytes, List.copyOf(tokens), racy);
    }

    /** One audit line per token added or revoked since the last reading. */
    private static void audit(List<Known> before, List<Known> after, Instant now) {
        Map<String, Known> old = new HashMap<>();
        for (Known k : before) old.put(k.name(), k);
        for (Known k : after) {
            Known was = old.remove(k.name());
            if (was == null || (!was.active() && k.active()) || !Arrays.equals(was.sha256(), k.sha256()) && k.active()) {
                AuditLog.tokenChanged("token.add", k.name(), now);
            } else if (was.active() && !k.active()) {
                AuditLog.tokenChanged("token.revoke", k.name(), now);
            }
        }
        for (Known gone : old.values()) {
            if (gone.active()) AuditLog.tokenChanged("token.remove", gone.name(), now);
        }
    }

    /** What identifies a version of the file without reading it; null when it does not exist. */
    private record Key(Object fileKey, Instant modified, long size) {
    }

    private static Object key(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Key(a.fileKey(), a.lastModifiedTime().toInstant(), a.size());
        } catch (IOException e) {
            return null;
        }
    }
}
