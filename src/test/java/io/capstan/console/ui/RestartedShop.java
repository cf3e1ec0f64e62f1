package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's first screen in a test (decision 161): a deployment {@code shop} added to the test's agent, whose web and
 * api run health-checked ("running · healthy") and whose worker was killed and restarted by its policy a few times
 * ("running · 3 restarts", wider than the usual badge), as the demo's worker is within minutes of a first run.
 */
final class RestartedShop {

    static final String NAME = "shop";

    private static final String HEALTHY = """
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "%1$s",
                          "--health-port", "${port.%1$s}"]
                health: {http: "http://127.0.0.1:${port.%1$s}/health", interval: 1s, timeout: 1s, startPeriod: 30s}
                stopTimeout: 3s
            """;

    static final String YAML = "services:\n  web:\n" + HEALTHY.formatted("web") + "  api:\n" + HEALTHY.formatted("api") + """
              worker:
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "worker"]
                restart: {policy: on-failure, backoff: 100ms, maxBackoff: 400ms, limit: 20}
                stopTimeout: 3s
            """;

    private RestartedShop() {
    }

    /**
     * Adds {@code shop} beside the harness's deployments (the agent finds a new folder on its next scan), starts it,
     * kills its worker until the agent has restarted it {@code restarts} times, and waits for web and api to be healthy.
     */
    static void open(ConsoleHarness harness, int restarts) throws IOException {
        Path folder = Files.createDirectories(harness.root.resolve(NAME));
        Files.writeString(folder.resolve("capstan.yaml"), YAML);
        await().atMost(WAIT).until(() -> harness.client.deployments().deployments().stream()
                .anyMatch(d -> d.name().equals(NAME)));
        Job start = harness.client.startDeploymentJob(NAME, Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        for (int n = 1; n <= restarts; n++) {
            long killed = service(harness, "worker").pid();
            ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            int expected = n;
            await().atMost(WAIT).until(() -> {
                Service worker = service(harness, "worker");
                return worker.status() == ServiceStatus.RUNNING && worker.restartCount() == expected
                        && worker.pid() != null && worker.pid() != killed;
            });
        }
        await().atMost(WAIT).until(() -> service(harness, "web").health() == HealthStatus.HEALTHY
                && service(harness, "api").health() == HealthStatus.HEALTHY);
    }

    static Service service(ConsoleHarness harness, String name) {
        return harness.client.deployment(NAME).deployment().services().stream().filter(s -> s.name().equals(name))
                .findFirst().orElseThrow();
    }
}
