package io.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fixtures' temporary folders leave nothing behind: checked in a JVM of its own, which exits. */
class TempFoldersTest {

    /** Makes a folder with a file and a folder in it, prints its path, and exits. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Path made = TempFolders.create("capstan-temp-folders-test");
            Files.writeString(Files.createDirectories(made.resolve("state")).resolve("agent.token"), "secret");
            System.out.println(made);
        }
    }

    @Test
    void aFolderAndWhatIsInItAreGoneWhenTheJvmExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
                Child.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        Path made = Path.of(printed);
        assertThat(made.getFileName().toString()).startsWith("capstan-temp-folders-test");
        assertThat(made).doesNotExist();
    }

    @Test
    void deletingATreeTakesEverythingUnderItAndAMissingOneIsNothing(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(tree.resolve("f"), "x");
        TempFolders.deleteTree(tmp.resolve("a"));
        assertThat(tmp.resolve("a")).doesNotExist();
        TempFolders.deleteTree(tmp.resolve("a"));
    }
}
