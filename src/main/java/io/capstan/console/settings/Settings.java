package io.capstan.console.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console remembers between runs (window bounds, divider positions, theme, open log panes, log toggles),
 * as a properties file in the user's config folder, never in the installation folder. A missing or unreadable file
 * means defaults; a write goes to a temporary file first, so a crash mid-write keeps the old settings.
 */
public final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final Path file;
    private final Properties values = new Properties();

    private Settings(Path file) {
        this.file = file;
    }

    public static Settings load(Path file) {
        Settings settings = new Settings(file);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.values.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable settings {}: {}", file, e.getMessage());
            }
        }
        return settings;
    }

    public Path file() {
        return file;
    }

    public String get(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    public void put(String key, String value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.setProperty(key, value);
        }
    }

    public double getDouble(String key, double fallback) {
        try {
            return Double.parseDouble(values.getProperty(key, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public void putDouble(String key, double value) {
        values.setProperty(key, Double.toString(value));
    }

    public boolean getBoolean(String key, boolean fallback) {
        String value = values.getProperty(key);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public void putBoolean(String key, boolean value) {
        values.setProperty(key, Boolean.toString(value));
    }

    /** A list stored one item per line; items must not contain line breaks. */
    public List<String> getList(String key) {
        String value = values.getProperty(key, "");
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }

    public void putList(String key, List<String> items) {
        values.setProperty(key, String.join("\n", items));
    }

    /** Writes the file; failures are logged, since losing a window size must never stop the console closing. */
    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                values.store(writer, "Capstan console settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not save settings to {}", file, e);
        }
    }
}
