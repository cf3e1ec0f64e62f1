package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.compose.CliCommand;
import io.capstan.agent.compose.ComposeBackend;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compose service's CPU and memory in the real window: a container that burns a core, measured by the real engine
 * ({@code CAPSTAN_TEST_DOCKER_HOST} or {@code DOCKER_HOST} with {@code capstan-test/busybox}; skipped with the reason
 * without one), shows its figures and a sparkline in the services table's Process cell beside the container id.
 */
@Tag("docker")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ComposeResourcesWindowTest {
    private static final Duration CLI = Duration.ofSeconds(120);
    private static final String COMPOSE = """
            services:
              burner:
                image: capstan-test/busybox
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; yes > /dev/null & wait"]
            """;

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private Map<String, String> env;
    private Path app;

    @BeforeEach
    void start() throws Exception {
        String host = System.getenv("CAPSTAN_TEST_DOCKER_HOST");
        if (host == null || host.isBlank()) host = System.getenv("DOCKER_HOST");
        Assumptions.assumeTrue(host != null && !host.isBlank(), "skipped, no DOCKER_HOST (.ci/engine up starts one)");
        env = Map.of("DOCKER_HOST", host);
        Assumptions.assumeTrue(CliCommand.capture(List.of("docker", "image", "inspect", "capstan-test/busybox"), env, CLI).ok(),
                "skipped, no capstan-test/busybox on " + host + " (.ci/docker-base-image)");
        ComposeBackend compose = ComposeBackend.detect("docker", List.of("docker-compose"), env);
        Assumptions.assumeTrue(compose.cli().problem() == null, () -> "skipped, " + compose.cli().problem());
        app = Files.createDirectories(tmp.resolve("deployments").resolve(RealAgent.uniqueName("cres")));
        Files.writeString(app.resolve("compose.yaml"), COMPOSE);
        harness = new ConsoleHarness(RealAgent.in(tmp).folders(app.getParent(), tmp.resolve("state"))
                .backend(() -> compose).config(b -> b.resourceInterval(Duration.ofSeconds(1))).start(), tmp, null);
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) harness.close();
        if (app != null && env != null) {
            CliCommand.capture(List.of("docker-compose", "-p", app.getFileName().toString().replaceAll("[^a-z0-9_-]", ""),
                    "--project-directory", app.toString(), "-f", app.resolve("compose.yaml").toString(), "down", "-t", "1"),
                    env, CLI);
        }
    }

    @Test
    void theProcessCellShowsTheContainersFiguresAndASparkline() {
        String d = app.getFileName().toString();
        await().atMost(WAIT).until(() -> harness.agent.find(d) != null && !harness.agent.find(d).services().isEmpty());
        Job job = harness.client.startDeploymentJob(d, Action.START);
        await().atMost(Duration.ofSeconds(120)).until(() -> harness.client.job(job.id()).status().isTerminal());
        harness.clickLabelled("deployment-name", d);
        // "3f2a9c1b0d4e ╱╲ 97% · 0.6 MB": a busy container's CPU (the first sample may not know it yet).
        await().atMost(Duration.ofSeconds(120)).until(() -> fx(() -> figures().matches("[1-9]\\d+% · \\d+(\\.\\d)? MB")));
        assertThat(fx(() -> harness.robot.lookup(".services-pane .sparkline").queryAll().stream().anyMatch(Node::isVisible)))
                .as("a sparkline in the row").isTrue();
    }

    private String figures() {
        return harness.robot.lookup(".services-pane .resource-figures").queryAll().stream()
                .filter(Node::isVisible).map(n -> ((Labeled) n).getText()).findFirst().orElse("");
    }
}
