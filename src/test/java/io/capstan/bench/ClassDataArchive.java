package io.capstan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scenario 7's application class-data archive, made as the launchers make theirs (decision record 106): the
 * console's classes as one jar (JDK 17 archives classes from jars only, not from a folder), one training start (a
 * first run to its interactive mark) with {@code -XX:ArchiveClassesAtExit}, then starts with
 * {@code -XX:SharedArchiveFile} and the launchers' other options.
 */
final class ClassDataArchive {
    private final Path file;
    private final String classPath;

    private ClassDataArchive(Path file, String classPath) {
        this.file = file;
        this.classPath = classPath;
    }

    /** The archive of one training start, or null (said on the progress output) when none was written. */
    static ClassDataArchive train(BenchContext ctx, BenchDisplay display) throws Exception {
        Path dir = ctx.newDir("cds");
        String classPath = jarredClassPath(dir);
        Path file = dir.resolve("capstan.jsa");
        List<String> jvm = new ArrayList<>(BenchContext.consoleJvmArgs());
        jvm.addAll(List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        ctx.say("  training start for the class-data archive");
        // The archive is written while the JVM exits, after the stop the start's end sends it.
        ConsoleStartScenario.time(display, ctx.newDir("console-home"), ConsoleStartScenario.CONSOLE_MAIN, jvm, classPath,
                Duration.ofMinutes(2));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            ctx.say("  no class-data archive was written: rows without it only");
            return null;
        }
        return new ClassDataArchive(file, classPath);
    }

    List<String> jvmArgs() {
        List<String> jvm = new ArrayList<>(BenchContext.consoleJvmArgs());
        jvm.addAll(List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        return jvm;
    }

    String classPath() {
        return classPath;
    }

    /** The console's class path with its folder of classes replaced by a jar of it. */
    private static String jarredClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : ConsoleStartScenario.consoleClassPath().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                jar(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        return entries.stream().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static void jar(Path folder, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = Arrays.stream(folder.relativize(file).toString().split("[/\\\\]")).collect(Collectors.joining("/"));
                out.putNextEntry(new JarEntry(name));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
