package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarm services' CPU and memory from the engines of the nodes their tasks run on: a task that burns a core and one
 * that holds 48 MB, both on the manager; with a second node, a service with a task on each, measured by an agent that
 * knows the worker's engine and left without a figure (rather than half of one) by an agent that does not.
 */
@RequiresSwarm
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SwarmResourcesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long MB = 1024 * 1024;
    private static final String STACK = """
            version: "3.8"
            services:
              burner:
                image: capstan-test/busybox
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; yes > /dev/null & wait"]
                stop_grace_period: 2s
                deploy:
                  replicas: 1
                  endpoint_mode: dnsrr
                  placement: {constraints: ["node.hostname == %1$s"]}
              hog:
                image: capstan-test/busybox
                command: ["/bin/sh", "-c",
                  "head -c 50331648 /dev/zero > /dev/shm/held; trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
                stop_grace_period: 2s
                deploy:
                  replicas: 1
                  endpoint_mode: dnsrr
                  placement: {constraints: ["node.hostname == %1$s"]}
            """;
    private static final String SPREAD = """
              spread:
                image: capstan-test/busybox
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
                stop_grace_period: 2s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  placement: {max_replicas_per_node: 1}
            """;

    private Path root;
    private Path blindRoot;
    private SwarmAgent agent;
    /** An agent on the same stack that knows only the manager's engine. */
    private SwarmAgent blind;
    private boolean twoNodes;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        twoNodes = TestSwarm.twoNodeSkipReason() == null;
        root = Files.createDirectories(tmp.resolve("deployments"));
        List<String> nodes = twoNodes ? List.of(TestSwarm.worker()) : List.of();
        agent = new SwarmAgent(root, tmp.resolve("state"), new SwarmEngine(TestSwarm.engine().host(), nodes),
                b -> b.resourceInterval(Duration.ofSeconds(1)));
    }

    @AfterAll
    void stop() throws Exception {
        if (blind != null) blind.close();
        if (agent != null) agent.close();
        if (root != null) SwarmAgent.removeStacks(root);
    }

    private static void succeeded(Job job, SwarmAgent a) {
        assertThat(job.status()).as("job %s: %s\n%s", job.id(), job.error(), String.join("\n", a.output(job.id())))
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void tasksAreMeasuredByTheirNodesEnginesAndAServicePartlyOutOfReachHasNoFigure() throws Exception {
        String manager = TestSwarm.docker("info", "--format", "{{.Name}}").stdout().strip();
        String file = STACK.formatted(manager) + (twoNodes ? SPREAD : "");
        String d = agent.stack("swres", file, null);
        succeeded(agent.run(d, null, Action.START), agent);

        await().atMost(WAIT).untilAsserted(() -> assertThat(cpu(agent, d, "burner")).isGreaterThan(20));
        await().atMost(WAIT).untilAsserted(() -> assertThat(memory(agent, d, "hog")).isGreaterThan(40 * MB));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cpu(agent, d, "hog")).isNotNegative());
        assertThat(cpu(agent, d, "hog")).as("a sleeping task is not a busy one").isLessThan(cpu(agent, d, "burner"));
        assertThat(agent.client.serviceResources(d, "burner", null).samples()).as("served as a series").isNotEmpty();
        if (!twoNodes) return;

        // Both tasks of spread measured, one by each node's engine: the sum of two idle shells' memory.
        await().atMost(WAIT).untilAsserted(() -> assertThat(memory(agent, d, "spread")).isPositive());

        Path blindFolder = Files.createDirectories(tmp().resolve("blind").resolve(d));
        Files.writeString(blindFolder.resolve("docker-stack.yml"), file);
        blind = new SwarmAgent(blindFolder.getParent(), tmp().resolve("blind-state"),
                new SwarmEngine(TestSwarm.engine().host()), b -> b.resourceInterval(Duration.ofSeconds(1)));
        await().atMost(WAIT).until(() -> blind.find(d) != null && !blind.find(d).services().isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(cpu(blind, d, "burner")).isGreaterThan(20));
        // Rounds enough for spread's figures to have come, had any been taken.
        long rounds = blind.client.serviceResources(d, "burner", null).samples().size();
        await().atMost(WAIT).until(() -> blind.client.serviceResources(d, "burner", null).samples().size() >= rounds + 3);
        Service spread = blind.service(d, "spread");
        assertThat(spread.replicas().running()).isEqualTo(2);
        assertThat(spread.resources()).as("a task on a node whose engine the agent does not know: no figure, not half")
                .isNull();
        assertThat(blind.client.serviceResources(d, "spread", null).samples()).isEmpty();
    }

    private Path tmp() {
        return root.getParent();
    }

    private static double cpu(SwarmAgent a, String d, String service) {
        Service s = a.service(d, service);
        return s.resources() == null || s.resources().cpu() == null ? -1 : s.resources().cpu();
    }

    private static long memory(SwarmAgent a, String d, String service) {
        Service s = a.service(d, service);
        return s.resources() == null || s.resources().memory() == null ? -1 : s.resources().memory();
    }
}
