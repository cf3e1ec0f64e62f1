package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeFilesTest {
    @TempDir
    Path dir;

    @Test
    void findsTheFileComposeWouldPreferAndItsOverride() throws Exception {
        assertThat(ComposeFiles.main(dir)).isEmpty();
        Files.writeString(dir.resolve("docker-compose.yaml"), "services: {}\n");
        assertThat(ComposeFiles.main(dir)).contains(dir.resolve("docker-compose.yaml"));
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        assertThat(ComposeFiles.main(dir)).contains(dir.resolve("docker-compose.yml"));
        Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
        Files.writeString(dir.resolve("compose.override.yaml"), "services: {}\n");
        assertThat(ComposeFiles.all(dir)).containsExactly(dir.resolve("compose.yaml"), dir.resolve("compose.override.yaml"));
    }

    @Test
    void aFolderNamedLikeTheFileIsNotOne() throws Exception {
        Files.createDirectories(dir.resolve("compose.yaml"));
        assertThat(ComposeFiles.main(dir)).isEmpty();
    }

    @Test
    void escapeSequencesAreTakenOutOfCliOutput() {
        assertThat(CliCommand.strip("\u001B[91moops\u001B[0m")).isEqualTo("oops");
        assertThat(CliCommand.strip("plain [1] text")).isEqualTo("plain [1] text");
    }
}
