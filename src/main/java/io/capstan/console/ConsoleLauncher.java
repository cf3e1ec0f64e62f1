package io.capstan.console;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import org.slf4j.LoggerFactory;

/** Opens the console window and returns when it closes. */
public final class ConsoleLauncher {

    /** JavaFX's property for where it unpacks its native libraries (default {@code ~/.openjfx/cache}). */
    static final String JAVAFX_CACHE_DIR = "javafx.cachedir";

    private ConsoleLauncher() {
    }

    /**
     * @param embedded  null: start the local demo agent only when no connection is saved
     * @param configDir null: the user's config folder
     */
    public static void launch(Boolean embedded, String configDir) {
        if (System.getProperty(JAVAFX_CACHE_DIR) == null) {
            System.setProperty(JAVAFX_CACHE_DIR, javafxCacheDir(System.getenv(), System.getProperty("os.name", ""),
                    Path.of(System.getProperty("user.home"))).toString());
        }
        StartupMarks.step("launch");
        warmUp();
        List<String> args = new ArrayList<>();
        if (embedded != null) {
            args.add("--embedded=" + embedded);
        }
        if (configDir != null) {
            args.add("--config-dir=" + configDir);
        }
        Application.launch(ConsoleApp.class, args.toArray(String[]::new));
    }

    /**
     * While JavaFX starts its toolkit (about a second of one core here), the other core reads logging's
     * configuration, which the window's classes would otherwise do on the FX thread before the first frame. The
     * client's HTTP, TLS and JSON classes are not loaded here any more: they are not needed for the first frame and
     * took CPU from it; the embedded agent's start, after the first frame, pays them off the FX thread
     * ({@code EmbeddedAgent.prime}, decision record 54).
     */
    private static void warmUp() {
        Thread warm = new Thread(() -> LoggerFactory.getLogger(ConsoleLauncher.class).debug("warming up"), "capstan-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    /**
     * JavaFX's native libraries, unpacked from its jars on first start, go to the platform's cache folder like the
     * rest of what Capstan keeps, instead of a dot folder in the home: Linux {@code $XDG_CACHE_HOME/capstan}
     * (default {@code ~/.cache/capstan}), macOS {@code ~/Library/Caches/Capstan}, Windows
     * {@code %LOCALAPPDATA%\Capstan\cache}; under {@code CAPSTAN_HOME} when set.
     */
    static Path javafxCacheDir(Map<String, String> env, String osName, Path home) {
        String override = env.get("CAPSTAN_HOME");
        Path base;
        if (override != null && !override.isBlank()) {
            base = Path.of(override).resolve("cache");
        } else if (osName.toLowerCase(Locale.ROOT).contains("win")) {
            String local = env.get("LOCALAPPDATA");
            base = (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("Capstan").resolve("cache");
        } else if (osName.toLowerCase(Locale.ROOT).contains("mac")) {
            base = home.resolve("Library").resolve("Caches").resolve("Capstan");
        } else {
            String xdg = env.get("XDG_CACHE_HOME");
            base = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("capstan");
        }
        return base.resolve("openjfx");
    }
}
