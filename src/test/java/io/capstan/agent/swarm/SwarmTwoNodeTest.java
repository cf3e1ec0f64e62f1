package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.ClusterNode;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Replicas;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacks on a two-node swarm: the private engine as manager and a worker dockerd in a network namespace of its own
 * ({@code .ci/swarm-nodes}). On a single node the class is reported skipped with the reason. The node-down case runs
 * last: it stops the worker's daemon and lets it come back, and the others want both nodes steady.
 */
@RequiresSwarm
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Real swarm work (builds, rolling updates over two nodes) on a machine shared with other builds: the default
// 120 s per test is too short there; the waits inside each test still bound every step.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SwarmTwoNodeTest {
    /** How soon a node's change must show in the agent's state: the agent polls every 2 s and on node events. */
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(15);
    /** One task per node (max_replicas_per_node), so a restart necessarily replaces a task on each. */
    static final String SPREAD = """
            version: "3.8"
            services:
              web:
                image: capstan-test/busybox
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo up; while true; do sleep 1 & wait $$!; done"]
                stop_grace_period: 5s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  placement: {max_replicas_per_node: 1}
                  update_config: {parallelism: 1, delay: 0s, order: stop-first}
            """;
    private static final Pattern REPLACED = Pattern.compile("web\\.[12] task \\w+ running on (\\S+), replacing task \\w+ on (\\S+)");

    private Path root;
    private SwarmAgent agent;
    private String manager;
    private String worker;
    private String workerId;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        String reason = TestSwarm.twoNodeSkipReason();
        Assumptions.assumeTrue(reason == null, "skipped, " + reason);
        manager = TestSwarm.docker("info", "--format", "{{.Name}}").stdout().strip();
        worker = TestSwarm.onWorker("info", "--format", "{{.Name}}").stdout().strip();
        workerId = TestSwarm.onWorker("info", "--format", "{{.Swarm.NodeID}}").stdout().strip();
        assertThat(worker).as("the worker has a host name of its own").isNotEqualTo(manager);
        root = Files.createDirectories(tmp.resolve("deployments"));
        // The agent reaches the worker's engine: rebuilds without a registry load their image there.
        agent = new SwarmAgent(root, tmp.resolve("state"),
                new SwarmEngine(TestSwarm.engine().host(), List.of(TestSwarm.worker())));
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) agent.close();
        if (root != null) SwarmAgent.removeStacks(root);
    }

    private static void succeeded(Job job, SwarmAgent a) {
        assertThat(job.status()).as("job %s: %s\n%s", job.id(), job.error(), String.join("\n", a.output(job.id())))
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    private Set<String> nodesOf(String d, String service) {
        return agent.service(d, service).tasks().stream().filter(t -> "running".equals(t.state())).map(ServiceTask::node)
                .collect(Collectors.toSet());
    }

    private ClusterNode workerNode(String d) {
        return agent.client.deployment(d).deployment().nodes().stream().filter(n -> worker.equals(n.hostname()))
                .findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void aRollingRestartReplacesTheTaskOnEachNodeAndSaysWhere() throws Exception {
        String d = agent.stack("sw2r", SPREAD, null);
        succeeded(agent.run(d, null, Action.START), agent);
        assertThat(nodesOf(d, "web")).containsExactlyInAnyOrder(manager, worker);
        assertThat(agent.client.deployment(d).deployment().nodes()).extracting(ClusterNode::hostname, ClusterNode::tasks)
                .contains(org.assertj.core.groups.Tuple.tuple(manager, 1), org.assertj.core.groups.Tuple.tuple(worker, 1));
        Set<String> before = agent.service(d, "web").tasks().stream().map(ServiceTask::id).collect(Collectors.toSet());

        Job restart = agent.run(d, "web", Action.RESTART);
        succeeded(restart, agent);
        List<String> out = agent.output(restart.id());
        // One replacement per node, each on the node of the task it replaced (one replica per node).
        List<Matcher> replaced = out.stream().map(REPLACED::matcher).filter(Matcher::matches).toList();
        assertThat(replaced).hasSize(2);
        assertThat(replaced.stream().map(m -> m.group(1)).toList()).containsExactlyInAnyOrder(manager, worker);
        assertThat(replaced).allSatisfy(m -> assertThat(m.group(2)).isEqualTo(m.group(1)));
        assertThat(out).contains("web: converged, 2/2 running");
        Service web = agent.service(d, "web");
        assertThat(web.tasks()).hasSize(2).allSatisfy(t -> assertThat(before).doesNotContain(t.id()));
        assertThat(nodesOf(d, "web")).containsExactlyInAnyOrder(manager, worker);
    }

    @Test
    @Order(2)
    void aNodeDrainedDuringARestartShowsAtOnceAndTheJobStillConverges() throws Exception {
        // No per-node limit here: the drained node's task can move to the manager. web ignores SIGTERM, so each old
        // task takes its whole grace period to stop and the restart is still under way when the node is drained.
        String d = agent.stack("sw2d", SPREAD.replace("trap 'exit 0' TERM; ", "").replace("stop_grace_period: 5s",
                "stop_grace_period: 4s").replace("placement: {max_replicas_per_node: 1}", "placement: {}"), null);
        succeeded(agent.run(d, null, Action.START), agent);
        try {
            String jobId = agent.client.startServiceJob(d, "web", Action.RESTART).id();
            String service = SwarmBackend.stackName(d) + "_web";
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.output(jobId).contains(service));
            assertThat(TestSwarm.docker("node", "update", "--availability", "drain", workerId).ok()).isTrue();
            long drained = System.nanoTime();

            await().atMost(WITHIN_SECONDS).untilAsserted(() -> {
                assertThat(workerNode(d).availability()).isEqualTo("drain");
                // The swarm moves the drained node's tasks away: none is meant to run there any more.
                assertThat(agent.service(d, "web").tasks()).noneSatisfy(t -> {
                    assertThat(t.node()).isEqualTo(worker);
                    assertThat(t.desiredState()).isEqualTo("running");
                });
            });
            System.out.printf("[swarm two nodes] the drain showed in the agent's state after %d ms%n",
                    (System.nanoTime() - drained) / 1_000_000);
            Job restart = agent.awaitEnd(jobId);
            if (restart.status() == JobStatus.SUCCEEDED) {
                assertThat(agent.output(jobId)).contains("web: converged, 2/2 running");
                // Both replicas end up on the manager (at once when the drain came mid-rollout, which is the usual case).
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(agent.service(d, "web").replicas()).isEqualTo(new Replicas(2, 2));
                    assertThat(nodesOf(d, "web")).containsExactly(manager);
                    assertThat(workerNode(d).tasks()).isZero();
                });
            } else {
                // The swarm's own reason, not a timeout of ours.
                assertThat(restart.status()).isEqualTo(JobStatus.FAILED);
                assertThat(restart.error()).startsWith("web: ").doesNotContain("timed out");
            }
        } finally {
            TestSwarm.docker("node", "update", "--availability", "active", workerId);
        }
        await().atMost(WITHIN_SECONDS).until(() -> workerNode(d).availability().equals("active"));
    }

    @Test
    @Order(3)
    void aRebuildWithoutARegistryLoadsTheImageOnEveryNodeAndRollsByImageId() throws Exception {
        String d = agent.stack("sw2b", """
                version: "3.8"
                services:
                  app:
                    image: capstan-swarm-test/${NAME}:latest
                    build: app
                    command: ["/bin/sh", "-c", "trap 'exit 0' TERM; cat /built; while true; do sleep 1 & wait $$!; done"]
                    stop_grace_period: 5s
                    deploy:
                      replicas: 2
                      endpoint_mode: dnsrr
                      placement: {max_replicas_per_node: 1}
                """, "FROM capstan-test/busybox\nRUN date +%s%N > /built; echo built\n");
        // Not deployed yet: built, loaded on the worker under its tag, and used by the stack's first start.
        Job first = agent.run(d, null, Action.REBUILD);
        succeeded(first, agent);
        assertThat(agent.output(first.id())).anyMatch(l -> l.startsWith("loading capstan-swarm-test/" + d + ":latest on node " + worker));
        succeeded(agent.run(d, null, Action.START), agent);
        assertThat(nodesOf(d, "app")).containsExactlyInAnyOrder(manager, worker);

        Job rebuild = agent.run(d, null, Action.REBUILD);
        succeeded(rebuild, agent);
        List<String> out = agent.output(rebuild.id());
        String built = out.stream().filter(l -> l.startsWith("built capstan-swarm-test/")).findFirst().orElseThrow();
        String id = built.replaceAll("^built \\S+ as (sha256:[0-9a-f]{64}), loaded on 1 other node$", "$1");
        assertThat(id).startsWith("sha256:").hasSize(71);
        assertThat(out).anyMatch(l -> l.contains("--image " + id));
        assertThat(out).contains("app: converged, 2/2 running");
        // The same image, by ID, on both nodes, and the service runs it on both.
        assertThat(TestSwarm.onWorker("image", "inspect", "--format", "{{.Id}}", id).stdout().strip()).isEqualTo(id);
        assertThat(TestSwarm.docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}",
                SwarmBackend.stackName(d) + "_app").stdout().strip()).isEqualTo(id);
        assertThat(nodesOf(d, "app")).containsExactlyInAnyOrder(manager, worker);
    }

    @Test
    @Order(4)
    void aRebuildWithoutARegistryIsRefusedWhenANodesEngineIsNotKnown(@TempDir Path tmp) throws Exception {
        Path root2 = Files.createDirectories(tmp.resolve("deployments"));
        // The shared engine knows no node engines: the worker cannot get the image, so nothing may roll.
        try (SwarmAgent blind = new SwarmAgent(root2, tmp.resolve("state"))) {
            String d = blind.stack("sw2n", """
                    version: "3.8"
                    services:
                      app:
                        image: capstan-swarm-test/${NAME}:latest
                        build: app
                        deploy: {endpoint_mode: dnsrr}
                    """, "FROM capstan-test/busybox\n");
            Job rebuild = blind.run(d, null, Action.REBUILD);
            assertThat(rebuild.status()).isEqualTo(JobStatus.FAILED);
            assertThat(rebuild.error()).contains("names no registry").contains("node " + worker)
                    .contains("CAPSTAN_SWARM_NODE_ENGINES");
        } finally {
            SwarmAgent.removeStacks(root2);
        }
    }

    @Test
    @Order(5)
    void aNodeGoingDownShowsOnTheNodeAndItsTasks() throws Exception {
        String d = agent.stack("sw2x", SPREAD, null);
        succeeded(agent.run(d, null, Action.START), agent);
        assertThat(nodesOf(d, "web")).containsExactlyInAnyOrder(manager, worker);
        long pid = Long.parseLong(Files.readString(TestSwarm.workerPidFile()).strip());
        // SIGSTOP: to the manager the worker's daemon is gone (no heartbeats), as if it had died; SIGCONT brings the
        // same node back for the rest of the run (a killed daemon would have to be started again in its namespace).
        TestSwarm.signal(pid, "STOP");
        long stopped = System.nanoTime();
        try {
            // The manager declares a node down after missed heartbeats (about 15 s); the agent shows it within its poll.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(workerNode(d).status()).isEqualTo("down");
                assertThat(workerNode(d).tasks()).isZero();
                Service web = agent.service(d, "web");
                assertThat(web.replicas().running()).isEqualTo(1);
                assertThat(web.tasks()).anySatisfy(t -> {
                    assertThat(t.node()).isEqualTo(worker);
                    assertThat(t.state()).isEqualTo("unknown");
                    assertThat(t.error()).isEqualTo("node " + worker + " is down; the task last reported running");
                });
            });
            System.out.printf("[swarm two nodes] the worker read down in the agent's state %d ms after its daemon stopped%n",
                    (System.nanoTime() - stopped) / 1_000_000);
        } finally {
            TestSwarm.signal(pid, "CONT");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(workerNode(d).status()).isEqualTo("ready"));
    }
}
