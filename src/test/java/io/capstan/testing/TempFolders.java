package io.capstan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary folders for fixtures that no JUnit {@code @TempDir} is handed to (a {@code ScriptedAgent}'s state, which
 * outlives its agent because a test may start another on it; a benchmark child's console home): each is deleted with
 * everything in it when the JVM exits, so a test run leaves {@code /tmp} as it found it. A test that can take a
 * {@code @TempDir} should.
 */
public final class TempFolders {
    private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFolders::deleteAll, "capstan-test-temp-folders"));
    }

    private TempFolders() {
    }

    /** A new folder in the system's temporary folder, deleted at the JVM's exit. */
    public static Path create(String prefix) {
        try {
            Path made = Files.createTempDirectory(prefix);
            MADE.add(made);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code folder} and everything under it; nothing when it is not there. */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** At exit: what cannot be deleted (a file still being written by a process not stopped) is said, not thrown. */
    private static void deleteAll() {
        for (Path folder : MADE) {
            try {
                deleteTree(folder);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete the test folder " + folder + ": " + e);
            }
        }
    }
}
