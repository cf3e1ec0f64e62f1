package io.capstan.agent.compose;

import static io.capstan.agent.compose.ComposeAgent.DOCKERFILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose services' CPU and memory, measured by the real engine's stats: a container that burns a core, one that holds
 * 48 MB on purpose (a file in its {@code /dev/shm}, which is the container's memory and not reclaimable cache), and an
 * idle one to compare with. The figures ride on the list and are served as series, as the process backend's are.
 */
@RequiresDockerEngine
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeResourcesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long MB = 1024 * 1024;
    static final String LOADS = """
            services:
              burner:
                build: app
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; yes > /dev/null & wait"]
              hog:
                build: app
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c",
                  "head -c 50331648 /dev/zero > /dev/shm/held; trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
              idle:
                build: app
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
            """;

    private ComposeAgent agent;

    @BeforeAll
    void startAgent(@TempDir Path tmp) throws Exception {
        agent = new ComposeAgent(tmp, new ComposeBackend(TestEngine.cli()), b -> b.resourceInterval(Duration.ofSeconds(1)));
    }

    @AfterAll
    void stopAgent() {
        if (agent != null) agent.close();
    }

    @Test
    void theEnginesFiguresFollowWhatContainersReallyUseAndAreServedAsSeries() throws Exception {
        String d = agent.project("loads", LOADS, DOCKERFILE);
        assertThat(agent.service(d, "burner").resources()).as("nothing sampled while nothing runs").isNull();
        assertThat(agent.run(d, null, Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);

        await().atMost(WAIT).untilAsserted(() -> assertThat(cpu(d, "burner")).isGreaterThan(20));
        await().atMost(WAIT).untilAsserted(() -> assertThat(memory(d, "hog")).isGreaterThan(40 * MB));
        await().atMost(WAIT).untilAsserted(() -> assertThat(memory(d, "idle")).isPositive());
        assertThat(memory(d, "idle")).as("the idle container holds little, not the hog's 48 MB")
                .isLessThan(memory(d, "hog") - 32 * MB);
        await().atMost(WAIT).untilAsserted(() -> assertThat(cpu(d, "idle")).isNotNegative());
        assertThat(cpu(d, "idle")).as("an idle container is not a busy one").isLessThan(cpu(d, "burner"));

        Messages.DeploymentResources all = agent.client.resources(d, null);
        assertThat(all.intervalMillis()).isEqualTo(1000);
        assertThat(all.services()).extracting(Messages.ResourceSeries::service).containsExactly("burner", "hog", "idle");
        // The figures may first come with a round that already knows the CPU: wait for a second round in the series.
        List<ResourceSample> burner = await().atMost(WAIT)
                .until(() -> agent.client.serviceResources(d, "burner", null).samples(), l -> l.size() > 1);
        assertThat(burner).as("a series, oldest first").extracting(ResourceSample::at).isSorted();
        assertThat(burner).as("the burner's series shows it busy").anyMatch(s -> s.cpu() != null && s.cpu() > 20);

        assertThat(agent.run(d, "hog", Action.STOP).status()).isEqualTo(JobStatus.SUCCEEDED);
        await().atMost(WAIT).until(() -> agent.service(d, "hog").resources() == null);
        Instant after = Instant.now();
        assertThat(agent.client.serviceResources(d, "hog", null).samples())
                .as("a stopped service keeps its hour, to be looked at").isNotEmpty();
        await().atMost(WAIT).until(() -> !agent.client.serviceResources(d, "burner", after).samples().isEmpty());
        assertThat(agent.client.serviceResources(d, "hog", after).samples()).as("nothing sampled while it is stopped")
                .isEmpty();
    }

    private double cpu(String d, String service) {
        Service s = agent.service(d, service);
        return s.resources() == null || s.resources().cpu() == null ? -1 : s.resources().cpu();
    }

    private long memory(String d, String service) {
        Service s = agent.service(d, service);
        return s.resources() == null || s.resources().memory() == null ? -1 : s.resources().memory();
    }
}
