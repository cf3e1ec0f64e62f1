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

    @Test
    void pinsInsecureAndSshRoutesLiveWithTheConnectionsAndOlderFilesStillRead() throws Exception {
        SavedConnections s = new SavedConnections(dir.resolve("connections.json"));
        Files.writeString(s.file(), "[{\"name\":\"old\",\"url\":\"http://127.0.0.1:7417\",\"token\":\"t\"}]");
        AgentEndpoint old = s.load().get(0);
        assertThat(old.pin()).isNull();
        assertThat(old.insecure()).isFalse();
        assertThat(old.ssh()).isNull();
        s.put(new AgentEndpoint("tls", "https://h:7417", "t2").withPin("AA:BB"));
        s.put(new AgentEndpoint("lan", "http://10.1.2.3:7417", "t3", null, true, null));
        s.put(new AgentEndpoint("tunnel", "http://127.0.0.1:7417", "t4", null, false, new SshRoute("ops@h", 2222)));
        s.put(old.withPin("CC:DD"));
        List<AgentEndpoint> all = s.load();
        assertThat(all).extracting(AgentEndpoint::name).containsExactly("old", "tls", "lan", "tunnel");
        assertThat(all.get(0).pin()).isEqualTo("CC:DD");
        assertThat(all.get(1).pin()).isEqualTo("AA:BB");
        assertThat(all.get(2).insecure()).isTrue();
        assertThat(all.get(3).ssh()).isEqualTo(new SshRoute("ops@h", 2222));
        assertThat(Files.readString(s.file())).doesNotContain("\"insecure\" : false").doesNotContain("\"ssh\" : null");
    }
}
