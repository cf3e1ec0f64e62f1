package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.HealthStatus;
import io.capstan.agent.process.DemoSet;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled compose example, copied as the console's first run would with an engine present, runs. */
@RequiresDockerEngine
class ComposeDemoTest {
    @TempDir
    Path tmp;

    @Test
    void theRelayDemoIsOfferedWithAnEngineAndRuns() throws Exception {
        ComposeCli cli = TestEngine.cli(Map.of("CAPSTAN_DEMO_BASE", TestEngine.BASE_IMAGE));
        assertThat(cli.engine(TestEngine.PROBE_BOUND)).isEqualTo(ComposeCli.Engine.ANSWERS);
        Path root = tmp.resolve("deployments");
        DemoSet.copyTo(root, true);
        // Under a name of its own: the engine may be a developer's, with a project called relay of their own.
        String name = ComposeAgent.uniqueName("relay");
        Files.move(root.resolve("relay"), root.resolve(name));
        try (ComposeAgent agent = new ComposeAgent(tmp, new ComposeBackend(cli))) {
            Deployment relay = await().atMost(Duration.ofSeconds(30)).until(() -> agent.find(name), d -> d != null);
            assertThat(relay.backend()).isEqualTo("compose");
            assertThat(relay.error()).isNull();
            assertThat(relay.services()).extracting(Service::name).containsExactly("web", "worker");
            assertThat(agent.find("shop")).isNotNull();
            try {
                Job start = agent.run(name, null, Action.START);
                assertThat(start.status()).as("%s", agent.output(start.id())).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(agent.output(start.id())).anyMatch(l -> l.contains("relay build: package 5/5"));
                assertThat(agent.deployment(name).status()).isEqualTo(DeploymentStatus.RUNNING);
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.service(name, "web").health() == HealthStatus.HEALTHY);
            } finally {
                Path dir = root.resolve(name);
                TestEngine.compose(List.of("--ansi", "never", "-p", name, "--project-directory", dir.toString(),
                        "-f", dir.resolve("compose.yaml").toString(), "down", "--rmi", "local", "-t", "1"));
            }
        }
    }
}
