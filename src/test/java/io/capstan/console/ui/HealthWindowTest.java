package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.testing.Demo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health and crashes in the real window against a real agent: a service with an HTTP health check on the demo's own
 * endpoint reads healthy, one that crashes on purpose shows its restarts, then crash-looping, and each step is a
 * desktop notification (recorded by the harness instead of shown).
 */
class HealthWindowTest extends WindowTest {

    static final String APP = Demo.deployment(
            Demo.service("web", "--health-port", "${port.web}").stopTimeout("3s")
                    .with("health: {http: \"http://127.0.0.1:${port.web}/health\", interval: 200ms, startPeriod: 20s}"),
            Demo.service("worker", "--exit-after", "1", "--exit-code", "4").stopTimeout("3s")
                    .with("restart: {policy: on-failure, backoff: 200ms, limit: 1}"));

    @Override
    String app() {
        return APP;
    }

    @Test
    void rowsShowHealthRestartsAndCrashLoopingAndEachCrashIsNotified() throws Exception {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
        harness.client.startServiceJob("app", "web", Action.START);
        harness.client.startServiceJob("app", "worker", Action.START);

        assertThat(harness.labelled("badge", "running · healthy")).as("web's badge carries its health").isNotNull();
        assertThat(harness.labelled("badge", "crash-looping · 1 restart"))
                .as("worker, left down by its policy after one restart").isNotNull();
        assertThat(harness.labelled("badge", "running · healthy")).as("no restarts read as nothing").isNotNull();

        List<String> seen = new ArrayList<>();
        while (seen.stream().noneMatch(n -> n.contains("crash-looping"))) {
            String next = harness.notifications.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(next).as("a notification before the wait ran out; seen: " + seen).isNotNull();
            seen.add(next);
        }
        assertThat(seen).containsExactly(
                "Capstan: worker of app crashed | exited 4. lab",
                "Capstan: worker of app is crash-looping | Left down after 1 restart; start it when fixed. lab");
    }
}
