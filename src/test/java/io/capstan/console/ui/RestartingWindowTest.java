package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.testing.Demo;
import javafx.scene.control.Button;
import org.junit.jupiter.api.Test;

/**
 * A service that crashed and waits for its restart policy, in the real window against a real agent: it reads
 * "restarting" (a warning), its deployment "restarting", not "exited 3" and "failed" (which ask an operator to act on
 * a crash the agent is already handling); Stop is offered (it calls the restart off), and once stopped it stays down.
 */
class RestartingWindowTest extends WindowTest {

    static final String APP = Demo.deployment(Demo.service("web").stopTimeout("3s"),
            Demo.service("worker", "--exit-after", "2", "--exit-code", "3").stopTimeout("3s")
                    .with("restart: {policy: on-failure, backoff: 10m, maxBackoff: 10m}"));

    @Override
    String app() {
        return APP;
    }

    @Test
    void aCrashItsPolicyWillRestartReadsRestartingAndStopKeepsItDown() throws Exception {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
        harness.client.startServiceJob("app", "web", Action.START);
        harness.client.startServiceJob("app", "worker", Action.START);

        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .anyMatch(s -> s.name().equals("worker") && s.status() == io.capstan.protocol.ServiceStatus.RESTARTING)));
        assertThat(harness.labelled("badge", "restarting")).as("its deployment in the tree").isNotNull();
        // The worker counts down to its restart, ten minutes after the crash, a second at a time.
        String first = await().atMost(WAIT).until(this::workerBadge, t -> t != null && t.matches("restarting in 9 m \\d\\d s"));
        await().atMost(WAIT).until(this::workerBadge, t -> t != null && t.matches("restarting in 9 m \\d\\d s") && !t.equals(first));
        assertThat(fx(() -> harness.robot.lookup(".badge").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).toList()))
                .as("nothing reads as a failure").doesNotContain("failed", "exited 3");

        harness.clickLabelled("table-cell", "worker");
        Button stop = fx(() -> harness.robot.lookup("#stopButton").queryAs(Button.class));
        await().atMost(WAIT).until(() -> fx(() -> !stop.isDisabled()));
        harness.client.startServiceJob("app", "worker", Action.STOP);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .anyMatch(s -> s.name().equals("worker") && s.status() == io.capstan.protocol.ServiceStatus.STOPPED)));
        assertThat(harness.labelled("badge", "partial")).as("web runs, the worker is down on purpose").isNotNull();
    }

    /** The text of the badge drawn in the worker's row of the services table. */
    private String workerBadge() {
        return fx(() -> harness.robot.lookup(".services-pane .table-row-cell").queryAll().stream()
                .map(row -> (javafx.scene.control.TableRow<?>) row)
                .filter(row -> row.getItem() instanceof io.capstan.protocol.Service service && service.name().equals("worker"))
                .flatMap(row -> row.lookupAll(".badge").stream())
                .map(badge -> ((javafx.scene.control.Labeled) badge).getText()).findFirst().orElse(null));
    }
}
