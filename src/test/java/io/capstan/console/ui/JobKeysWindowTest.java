package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.jobs.JobRow;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.testing.Demo;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * A job row's menu items have shortcuts that work from anywhere (Actions → Open job log, Cancel job…), and cancelling
 * from the keyboard asks first, Cancel the default: the shortcut acts on the jobs table's selection, which the user may
 * not be looking at. The build is long so it is still running whatever the machine's load.
 */
class JobKeysWindowTest extends WindowTest {

    static final String SLOW_BUILD = Demo.deployment(Demo.service("web").stopTimeout("3s")
            .build("--steps", "600", "--lines", "1", "--step-millis", "200"));

    @Override
    String app() {
        return SLOW_BUILD;
    }

    /** The job row's shortcuts work from the menu bar: Ctrl+O opens the selected job's log, Ctrl+. asks first. */
    @Test
    void ctrlOOpensTheSelectedJobsLogAndCtrlPeriodAsksBeforeCancelling() {
        Job build = harness.client.startDeploymentJob("app", Action.REBUILD);
        await().atMost(WAIT).until(() -> fx(() -> jobRow(build.id()).isPresent()));
        harness.robot.clickOn(fx(() -> jobRow(build.id()).orElseThrow()));
        clickApp();

        harness.robot.push(KeyCode.CONTROL, KeyCode.O);
        String key = LogPaneFactory.jobKey(harness.lab(), build.id());
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));

        harness.robot.push(KeyCode.CONTROL, KeyCode.PERIOD);
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent()));
        DialogPane dialog = fx(() -> (DialogPane) harness.robot.lookup("#confirm-dialog").query());
        assertThat(fx(dialog::getHeaderText)).isEqualTo("Cancel rebuild app on lab?");
        harness.robot.push(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isEmpty()));
        assertThat(harness.client.job(build.id()).status().isTerminal()).as("Enter is Cancel: the build runs on").isFalse();

        harness.robot.push(KeyCode.CONTROL, KeyCode.PERIOD);
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent()));
        DialogPane again = fx(() -> (DialogPane) harness.robot.lookup("#confirm-dialog").query());
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(again).lookup("Cancel the job").query()));
        await().atMost(WAIT).until(() -> harness.client.job(build.id()).status() == JobStatus.CANCELED);
    }

    /** The jobs table's row showing job {@code id}, if it is drawn. */
    private java.util.Optional<Node> jobRow(String id) {
        return harness.robot.lookup(".jobs-pane .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(row -> row.getItem() instanceof JobRow job && job.job().id().equals(id))
                .map(row -> (Node) row).findFirst();
    }

    private void clickApp() {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 1));
    }
}
