package io.capstan.agent;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Capstan keeps its state on each platform, never inside the installation folder:
 * Linux {@code $XDG_STATE_HOME/capstan} (default {@code ~/.local/state/capstan}), macOS
 * {@code ~/Library/Application Support/Capstan}, Windows {@code %LOCALAPPDATA%\Capstan}.
 * {@code CAPSTAN_HOME} overrides all of them (tests, portable installs).
 */
public final class StateDirs {
    private StateDirs() {
    }

    public static Path base() {
        return base(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    static Path base(Map<String, String> env, String osName, Path home) {
        String override = env.get("CAPSTAN_HOME");
        if (override != null && !override.isBlank()) return Path.of(override);
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("Capstan");
        }
        if (os.contains("mac")) return home.resolve("Library").resolve("Application Support").resolve("Capstan");
        String xdg = env.get("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("state")).resolve("capstan");
    }

    /** The local agent's state: job output, token, event epoch. */
    public static Path agentState() {
        return base().resolve("agent");
    }

    /** Where the demo deployments are copied on first use. */
    public static Path demoDeployments() {
        return base().resolve("demo-deployments");
    }
}
