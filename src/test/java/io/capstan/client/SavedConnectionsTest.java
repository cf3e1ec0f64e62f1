package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsInOrderReadableByTheOwnerOnly() throws Exception {
        SavedConnections saved = new SavedConnections(dir.resolve("cfg").resolve("connections.json"));
        assertThat(saved.load()).isEmpty();
        saved.save(List.of(new AgentEndpoint("prod", "https://prod:7417/", "t1"), new AgentEndpoint("lab", "http://127.0.0.1:7417", "t2")));

        assertThat(saved.load()).extracting(AgentEndpoint::name).containsExactly("prod", "lab");
        assertThat(saved.find("prod")).get().extracting(AgentEndpoint::baseUrl, AgentEndpoint::token)
                .containsExactly("https://prod:7417", "t1");
        assertThat(saved.find("nope")).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.file()))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedFileIsAClearErrorNotAnEmptyList() throws Exception {
        Path file = dir.resolve("connections.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> new SavedConnections(file).load()).hasMessageContaining(file.toString());
    }

    @Test
    void configFolderPerPlatform() {
        Path home = Path.of("/home/op");
        assertThat(SavedConnections.configDir(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/op/.config/capstan"));
        assertThat(SavedConnections.configDir(Map.of("XDG_CONFIG_HOME", "/x"), "Linux", home)).isEqualTo(Path.of("/x/capstan"));
        assertThat(SavedConnections.configDir(Map.of("APPDATA", "/r"), "Windows 10", home)).isEqualTo(Path.of("/r/Capstan"));
        assertThat(SavedConnections.configDir(Map.of("CAPSTAN_HOME", "/c"), "Linux", home)).isEqualTo(Path.of("/c"));
    }
}
