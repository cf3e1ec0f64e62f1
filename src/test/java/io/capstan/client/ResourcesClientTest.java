package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource series and the figures on the Service, read through the client from a real agent and process. */
class ResourcesClientTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void theClientReadsTheSeriesAndTheCurrentFigures() throws Exception {
        RealAgent.Builder app = RealAgent.in(tmp).config(b -> b.resourceInterval(Duration.ofMillis(250))).deployment("app",
                Demo.service("busy", "--burn-cpu", "1", "--rate", "1").stopTimeout("3s"), Demo.service("idle").stopTimeout("3s"));
        try (RealAgent agent = app.start()) {
            AgentClient client = agent.client();
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
