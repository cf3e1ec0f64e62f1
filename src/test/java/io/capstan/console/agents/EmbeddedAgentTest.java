package io.capstan.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's embedded agent and {@code capstan agent --demo} serve the same demo folder: when an agent already
 * owns it, the console connects to that agent instead of starting a second one over it.
 */
class EmbeddedAgentTest {
    @TempDir
    Path tmp;

    @Test
    void connectsToTheLocalAgentAlreadyServingTheFolderInsteadOfStartingItsOwn() throws Exception {
        Path demo = Files.createDirectories(tmp.resolve("demo"));
        try (Agent running = Agent.start(AgentConfig.builder(tmp.resolve("agent-state")).port(0).build(),
                FolderCatalog.factory(demo, List.of(new ProcessBackend())))) {
            try (EmbeddedAgent embedded = EmbeddedAgent.startDemo(demo, tmp.resolve("embedded-state"))) {
                assertThat(embedded.owned()).isFalse();
                assertThat(embedded.endpoint().baseUrl()).isEqualTo(running.baseUrl());
                assertThat(embedded.endpoint().token()).isEqualTo(running.token());
                // Nothing was copied into the folder another agent owns, and no state of its own was started.
                try (Stream<Path> files = Files.list(demo)) {
                    assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".capstan-agent.lock");
                }
                assertThat(tmp.resolve("embedded-state").resolve("jobs")).doesNotExist();
            }
            // Closing the console leaves the agent it did not start running.
            try (AgentClient client = new AgentClient(new AgentEndpoint("check", running.baseUrl(), running.token()))) {
                assertThat(client.info().agent()).isNotNull();
            }
        }
    }
}
