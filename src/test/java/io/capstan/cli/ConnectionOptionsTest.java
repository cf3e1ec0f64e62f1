package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds its agent: a saved connection, options, environment, then the local agent. */
class ConnectionOptionsTest {
    @TempDir
    Path dir;

    private SavedConnections saved() {
        SavedConnections s = new SavedConnections(dir.resolve("connections.json"));
        s.save(List.of(new AgentEndpoint("prod", "https://prod.example:7417", "prod-token")));
        return s;
    }

    @Test
    void aSavedConnectionGivesUrlAndToken() {
        ConnectionOptions o = new ConnectionOptions();
        o.connection = "prod";
        AgentEndpoint e = o.endpoint(Map.of(), dir.resolve("none"), saved());
        assertThat(e.baseUrl()).isEqualTo("https://prod.example:7417");
        assertThat(e.token()).isEqualTo("prod-token");
        assertThat(new ConnectionOptions().endpoint(Map.of("CAPSTAN_CONNECTION", "prod"), dir.resolve("none"), saved()).token())
                .isEqualTo("prod-token");
    }

    @Test
    void anUnknownSavedConnectionIsAClearError() {
        ConnectionOptions o = new ConnectionOptions();
        o.connection = "staging";
        assertThatThrownBy(() -> o.endpoint(Map.of(), dir.resolve("none"), saved()))
                .hasMessageContaining("no saved connection 'staging'");
    }

    @Test
    void optionsBeatEnvironmentWhichBeatsTheLocalDefaults() throws Exception {
        Path local = Files.writeString(dir.resolve("agent.token"), "local-token\n");
        Path other = Files.writeString(dir.resolve("other.token"), "file-token\n");
        assertThat(new ConnectionOptions().endpoint(Map.of(), local, saved()))
                .extracting(AgentEndpoint::baseUrl, AgentEndpoint::token).containsExactly("http://127.0.0.1:7417", "local-token");
        assertThat(new ConnectionOptions().endpoint(Map.of("CAPSTAN_AGENT", "http://h:1", "CAPSTAN_TOKEN", "env"), local, saved()))
                .extracting(AgentEndpoint::baseUrl, AgentEndpoint::token).containsExactly("http://h:1", "env");
        ConnectionOptions o = new ConnectionOptions();
        o.agent = "http://opt:2";
        o.tokenFile = other;
        assertThat(o.endpoint(Map.of("CAPSTAN_AGENT", "http://h:1", "CAPSTAN_TOKEN", "env"), local, saved()))
                .extracting(AgentEndpoint::baseUrl, AgentEndpoint::token).containsExactly("http://opt:2", "file-token");
    }
}
