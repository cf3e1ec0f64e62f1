package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.compose.CliCommand;
import io.capstan.agent.swarm.SwarmBackend;
import io.capstan.agent.swarm.SwarmEngine;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real window against a real agent on a real swarm (the swarm tests' engine: {@code CAPSTAN_TEST_DOCKER_HOST}
 * or {@code DOCKER_HOST}, a manager holding {@code capstan-test/busybox}; skipped with the reason without one).
 * A service that can place only 2 of its 3 replicas (all pinned to the manager, at most 2 per node) reads
 * "starting 2/3", its tasks with their node and state, and the swarm's nodes with the tasks on each; with a second
 * node ({@code CAPSTAN_TEST_SWARM_WORKER}) drained, the nodes line says so.
 */
@Tag("docker")
// Real swarm work (builds, rolling updates over two nodes) on a machine shared with other builds: the default
// 120 s per test is too short there; the waits inside each test still bound every step.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SwarmWindowTest {
    private static final Duration CLI = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private SwarmEngine engine;
    private Map<String, String> env;
    private String manager;

    @BeforeEach
    void start() throws Exception {
        String host = System.getenv("CAPSTAN_TEST_DOCKER_HOST");
        if (host == null || host.isBlank()) host = System.getenv("DOCKER_HOST");
        engine = new SwarmEngine(host);
        String problem = engine.problem();
        Assumptions.assumeTrue(problem == null, "skipped, " + problem + " (.ci/run starts a swarm)");
        env = Map.of("DOCKER_HOST", engine.host());
        Assumptions.assumeTrue(docker("image", "inspect", "capstan-test/busybox").ok(),
                "skipped, no capstan-test/busybox on " + engine.host() + " (.ci/docker-base-image)");
        manager = docker("info", "--format", "{{.Name}}").stdout().strip();
        String stack = """
                version: "3.8"
                services:
                  web:
                    image: capstan-test/busybox
                    command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
                    stop_grace_period: 2s
                    deploy:
                      replicas: 3
                      endpoint_mode: dnsrr
                      placement:
                        constraints: ["node.hostname == %s"]
                        max_replicas_per_node: 2
                """.formatted(manager);
        Path app = Files.createDirectories(tmp.resolve("deployments").resolve("app"));
        Files.writeString(app.resolve("docker-stack.yml"), stack);
        SwarmEngine swarm = engine;
        harness = new ConsoleHarness(RealAgent.in(tmp).folders(app.getParent(), tmp.resolve("state"))
                .backend(() -> new SwarmBackend(swarm)).start(), tmp, null);
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) harness.close();
        if (engine != null && engine.problem() == null) docker("stack", "rm", "app");
        String worker = System.getenv("CAPSTAN_TEST_SWARM_WORKER");
        if (worker != null && !worker.isBlank() && engine != null) {
            docker("node", "update", "--availability", "active", workerId(worker));
        }
        if (engine != null) engine.close();
    }

    private CliCommand.Result docker(String... args) throws InterruptedException {
        return CliCommand.capture(argv(args), env, CLI);
    }

    private static List<String> argv(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return argv;
    }

    private String workerId(String worker) throws InterruptedException {
        return CliCommand.capture(argv("info", "--format", "{{.Swarm.NodeID}}"),
                Map.of("DOCKER_HOST", worker), CLI).stdout().strip();
    }

    @Test
    void replicasTasksWithTheirNodesAndTheSwarmsNodesAreShown() throws Exception {
        harness.clickLabelled("deployment-name", "app");
        // Deployed from outside the agent, as an operator's `docker stack deploy` would: the agent's polling sees it.
        CliCommand.Result deploy = docker("stack", "deploy", "--resolve-image", "never", "-c",
                harness.root.resolve("app").resolve("docker-stack.yml").toString(), "app");
        assertThat(deploy.ok()).as(deploy.stderr()).isTrue();

        assertThat(harness.labelled("badge", "starting 2/3")).as("two of three replicas run").isNotNull();
        // The tasks column: each task's slot, state and node; the unplaced one with the swarm's reason.
        await().atMost(WAIT).untilAsserted(() -> assertThat(cellTexts()).anySatisfy(text -> {
            assertThat(text).contains("running on " + manager);
            assertThat(text.split("running on " + manager, -1)).hasSize(3);
            assertThat(text).containsPattern("\\d pending: no suitable node");
        }));
        String nodes = await().atMost(WAIT).until(this::nodesText, t -> t != null && t.contains(manager + " ready · 2 tasks"));
        assertThat(nodes).startsWith("Nodes: ");

        String worker = System.getenv("CAPSTAN_TEST_SWARM_WORKER");
        if (worker == null || worker.isBlank()) return;
        // A second node: drained, and the line (re-read as the deployment changes) says so.
        String workerName = CliCommand.capture(argv("info", "--format", "{{.Name}}"),
                Map.of("DOCKER_HOST", worker), CLI).stdout().strip();
        assertThat(docker("node", "update", "--availability", "drain", workerId(worker)).ok()).isTrue();
        await().atMost(WAIT).until(this::nodesText, t -> t != null && t.contains(workerName + " ready, drain · 0 tasks")
                && t.contains(manager + " ready · 2 tasks"));
    }

    private List<String> cellTexts() {
        // A cell's own text, or the labels it draws (the Process cell shows the tasks in a label beside the sparkline).
        return fx(() -> harness.robot.lookup(".table-cell").queryAll().stream()
                .flatMap(cell -> java.util.stream.Stream.concat(java.util.stream.Stream.of(cell),
                        cell.lookupAll(".label").stream()))
                .filter(n -> n instanceof Labeled l && l.getText() != null && n.isVisible())
                .map(n -> ((Labeled) n).getText()).toList());
    }

    private String nodesText() {
        return fx(() -> harness.robot.lookup(".deployment-nodes").queryAll().stream()
                .filter(n -> n instanceof Labeled && n.isVisible()).map(n -> ((Labeled) n).getText())
                .findFirst().orElse(null));
    }
}
