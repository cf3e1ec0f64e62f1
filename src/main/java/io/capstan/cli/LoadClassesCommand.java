package io.capstan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan load-classes LIST} (hidden): loads, without initialising, every class a class list names (as
 * {@code -XX:DumpLoadedClassList} writes it during a console start) and exits. Run with
 * {@code -XX:ArchiveClassesAtExit=capstan.jsa}, it writes the application class-data archive of the app image
 * without a display and without starting anything, with the class path the launcher really uses: JDK 17 checks
 * that path literally, so the archive is made where the image is installed (decision record 106).
 */
@Command(name = "load-classes", hidden = true, description = "Load the classes a class list names (for a class-data archive).")
public final class LoadClassesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LIST", description = "A class list written by -XX:DumpLoadedClassList.")
    Path list;

    @Override
    public Integer call() throws IOException {
        Result result = load(Files.readAllLines(list, StandardCharsets.UTF_8), LoadClassesCommand.class.getClassLoader());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("loaded %d classes, %d not found%n", result.loaded(), result.missing());
        out.flush();
        return result.loaded() > 0 ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }

    /** What a list loaded: classes found, and names that are not there (a list from another build). */
    record Result(int loaded, int missing) {
    }

    /**
     * Loads each class the lines name. A line is {@code java/lang/Object id: 0 ...}: the binary name comes first;
     * lines starting with {@code @} (lambda proxies, invoker holders) and {@code #} are not classes. Names the loader
     * cannot find, or classes that fail to link, are counted and skipped: an archive of what remains is still worth
     * having.
     */
    static Result load(List<String> lines, ClassLoader loader) {
        int loaded = 0;
        int missing = 0;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("@") || trimmed.startsWith("#")) {
                continue;
            }
            int end = trimmed.indexOf(' ');
            String name = (end < 0 ? trimmed : trimmed.substring(0, end)).replace('/', '.');
            // Hidden classes (lambdas: Foo$$Lambda$12/0x...) cannot be loaded by name.
            if (name.contains("$$Lambda") || name.indexOf('/') >= 0) {
                continue;
            }
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError notThere) {
                missing++;
            }
        }
        return new Result(loaded, missing);
    }
}
