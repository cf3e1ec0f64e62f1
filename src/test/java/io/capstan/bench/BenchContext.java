package io.capstan.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every scenario gets: the run's size, a scratch folder, the java executable and the class path for child JVMs
 * (agents, the console), and a place to say what it is doing.
 */
public final class BenchContext {
    private final Size size;
    private final Path workDir;
    private final PrintStream progress;

    public BenchContext(Size size, Path workDir, PrintStream progress) {
        this.size = size;
        this.workDir = workDir;
        this.progress = progress;
    }

    public Size size() {
        return size;
    }

    /** A fresh folder under the run's scratch folder. */
    public Path newDir(String prefix) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void say(String format, Object... args) {
        progress.printf("[bench] " + format + "%n", args);
        progress.flush();
    }

    /** The java executable running the benchmark; child JVMs use the same one. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The JVM options of the console's launchers ({@code installer/console.jvm-options}, which {@code ./capstan} and
     * the app image use), for the child JVMs that stand for the console: scenario 7's console and scenario 3's panes.
     * {@code -Dcapstan.bench.consoleJvmArgs="..."} replaces them, to compare options (an empty value: the JVM's
     * defaults).
     */
    public static List<String> consoleJvmArgs() {
        String given = System.getProperty("capstan.bench.consoleJvmArgs");
        if (given == null) {
            Path file = Path.of("installer", "console.jvm-options");
            try {
                given = Files.isRegularFile(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Arrays.stream(given.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** This JVM's class path made absolute (children run in other folders). */
    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
