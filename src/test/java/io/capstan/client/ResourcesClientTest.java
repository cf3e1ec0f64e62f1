package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource series and the figures on the Service, read through the client from a real agent and process. */
class ResourcesClientTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void theClientReadsTheSeriesAndTheCurrentFigures() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("deployments"));
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app").resolve("capstan.yaml"), """
                services:
                  busy:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "busy",
                              "--burn-cpu", "1", "--rate", "1"]
                    stopTimeout: 3s
                  idle:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "idle"]
                    stopTimeout: 3s
                """);
        AgentConfig cfg = AgentConfig.builder(tmp.resolve("state")).port(0).resourceInterval(Duration.ofMillis(250)).build();
        try (Agent agent = Agent.start(cfg, FolderCatalog.factory(root, List.of(new ProcessBackend())));
             AgentClient client = new AgentClient(new AgentEndpoint("test", agent.baseUrl(), agent.token()))) {
            await().atMost(WAIT).until(() -> client.deployments().deployments().size() == 1);
            Job job = client.startServiceJob("app", "busy", Action.START);
            await().atMost(WAIT).until(() -> client.job(job.id()).status().isTerminal());

            await().atMost(WAIT).until(() -> {
                Service busy = client.deployment("app").deployment().services().get(0);
                return busy.resources() != null && busy.resources().cpu() != null && busy.resources().cpu() > 20;
            });
            Messages.ResourceSeries series = client.serviceResources("app", "busy", null);
            assertThat(series.intervalMillis()).isEqualTo(250);
            assertThat(series.samples()).hasSizeGreaterThan(1);
            ResourceSample last = series.samples().get(series.samples().size() - 1);
            assertThat(last.memory()).as("resident bytes of the JVM").isGreaterThan(10L * 1024 * 1024);

            Messages.DeploymentResources all = client.resources("app", series.samples().get(0).at());
            assertThat(all.services()).extracting(Messages.ResourceSeries::service).containsExactly("busy", "idle");
            assertThat(all.services().get(0).samples()).as("after the first: all but it")
                    .isNotEmpty().allMatch(s -> s.at().isAfter(series.samples().get(0).at()));
            assertThat(all.services().get(1).samples()).as("idle never ran").isEmpty();
            assertThat(client.deployment("app").deployment().services().get(1).resources()).isNull();

            assertThatThrownBy(() -> client.serviceResources("app", "nope", null)).isInstanceOf(NotFoundException.class);
        }
    }
}
