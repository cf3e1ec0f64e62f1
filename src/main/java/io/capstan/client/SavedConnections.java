package io.capstan.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent connections a user has saved (name, URL, token), shared by the console and the command line:
 * {@code connections.json} in the user's config folder, written atomically and readable by its owner only,
 * because it holds tokens. Linux {@code $XDG_CONFIG_HOME/capstan} (default {@code ~/.config/capstan}), macOS
 * {@code ~/Library/Application Support/Capstan}, Windows {@code %APPDATA%\Capstan}; {@code CAPSTAN_HOME}
 * overrides all of them. Not thread-safe: one owner reads and writes it.
 */
public final class SavedConnections {
    private static final String FILE = "connections.json";

    private final Path file;

    public SavedConnections(Path file) {
        this.file = file;
    }

    /** The current user's file. */
    public static SavedConnections forUser() {
        return new SavedConnections(configDir(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home"))).resolve(FILE));
    }

    static Path configDir(Map<String, String> env, String osName, Path home) {
        String override = env.get("CAPSTAN_HOME");
        if (override != null && !override.isBlank()) return Path.of(override);
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String roaming = env.get("APPDATA");
            return (roaming != null ? Path.of(roaming) : home.resolve("AppData").resolve("Roaming")).resolve("Capstan");
        }
        if (os.contains("mac")) return home.resolve("Library").resolve("Application Support").resolve("Capstan");
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("capstan");
    }

    public Path file() {
        return file;
    }

    /** Every saved connection, in the order saved; empty when there is no file yet. */
    public List<AgentEndpoint> load() {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            List<Saved> saved = ProtocolJson.mapper().readValue(file.toFile(), new TypeReference<List<Saved>>() { });
            return saved.stream().map(s -> new AgentEndpoint(s.name(), s.url(), s.token(), s.pin(), Boolean.TRUE.equals(s.insecure()),
                    s.ssh() == null ? null : new SshRoute(s.ssh(), s.sshPort() == null ? 0 : s.sshPort()))).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read saved connections " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<AgentEndpoint> find(String name) {
        return load().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Replaces the saved list: written to a temporary owner-only file, then moved over the old one. */
    public void save(List<AgentEndpoint> endpoints) {
        List<Saved> saved = new ArrayList<>();
        for (AgentEndpoint e : endpoints) {
            saved.add(new Saved(e.name(), e.baseUrl(), e.token(), e.pin(), e.insecure() ? Boolean.TRUE : null,
                    e.ssh() == null ? null : e.ssh().destination(), e.ssh() == null || e.ssh().port() == 0 ? null : e.ssh().port()));
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), saved);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write saved connections " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces (by name) or adds one connection, keeping the others and their order. */
    public void put(AgentEndpoint endpoint) {
        List<AgentEndpoint> all = new ArrayList<>(load());
        int i = 0;
        while (i < all.size() && !all.get(i).name().equals(endpoint.name())) i++;
        if (i < all.size()) {
            all.set(i, endpoint);
        } else {
            all.add(endpoint);
        }
        save(all);
    }

    /**
     * The file's shape; the token is stored so the console can reconnect unattended. {@code pin}: the trusted
     * certificate's SHA-256 fingerprint; {@code insecure}: plain HTTP off this machine on purpose; {@code ssh},
     * {@code sshPort}: the SSH route. Absent fields (older files) read as none.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Saved(String name, String url, String token, String pin, Boolean insecure, String ssh, Integer sshPort) {
    }
}
