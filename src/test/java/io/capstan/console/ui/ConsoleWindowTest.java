package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.Demo;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;

/**
 * The real console window, headless, against a real agent with real processes through the fault proxy: actions
 * change what the rows show without a refresh, a whole-deployment stop asks first, and a busy target opens the
 * running job's log.
 */
class ConsoleWindowTest extends WindowTest {

    static final String APP = Demo.deployment(
            Demo.service("web", "--rate", "5").stopTimeout("3s").build("--steps", "30", "--lines", "2", "--step-millis", "200"),
            Demo.service("worker").stopTimeout("3s"));

    @Override
    String app() {
        return APP;
    }

    private ServiceStatus status(String service) {
        Deployment app = harness.client.deployment("app").deployment();
        return app.services().stream().filter(s -> s.name().equals(service)).map(Service::status).findFirst().orElseThrow();
    }

    private List<ServiceStatus> shownStatuses() {
        return fx(() -> harness.console.deployments().services().stream().map(Service::status).toList());
    }

    private void selectApp() {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
    }

    private void click(String id) {
        Button button = fx(() -> (Button) harness.robot.lookup(id).query());
        await().atMost(WAIT).until(() -> fx(() -> !button.isDisabled()));
        harness.robot.clickOn(button);
    }

    @Test
    void aSelectionMadeInCodeIsTheRowHighlightedInTheTree() {
        selectApp();
        String agentKey = ConsoleHarness.AGENT;
        fx(() -> {
            harness.console.deployments().selectedKeyProperty().set(agentKey);
            return null;
        });
        javafx.scene.control.TreeView<?> tree = fx(() -> (javafx.scene.control.TreeView<?>) harness.robot
                .lookup(".deployments-pane .tree-view").query());
        await().atMost(WAIT).until(() -> fx(() -> {
            Object item = tree.getSelectionModel().getSelectedItem();
            return item != null && ((io.capstan.console.deployments.TreeRow) ((javafx.scene.control.TreeItem<?>) item)
                    .getValue()).key().equals(agentKey);
        }));
    }

    @Test
    void startingFromTheToolbarShowsTheNewStateAndOpensTheJobsLog() {
        selectApp();
        assertThat(shownStatuses()).containsOnly(ServiceStatus.STOPPED);

        click("#startButton");

        await().atMost(WAIT).until(() -> shownStatuses().stream().allMatch(s -> s == ServiceStatus.RUNNING));
        assertThat(status("web")).isEqualTo(ServiceStatus.RUNNING);
        TabPane tabs = fx(() -> (TabPane) harness.robot.lookup("#logTabs").query());
        assertThat(fx(() -> tabs.getTabs().size())).as("the job's log opened at once").isEqualTo(1);
        String key = fx(() -> (String) tabs.getTabs().get(0).getUserData());
        Job job = harness.client.jobs("app", null, 1).get(0);
        assertThat(key).isEqualTo(ConsoleHarness.AGENT + "/job/" + job.id());
        Node badge = harness.labelled("badge", "running");
        assertThat(badge).as("a running badge in the services table").isNotNull();
    }

    @Test
    void stoppingAWholeDeploymentAsksFirstAndCancelChangesNothing() {
        harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> status("web") == ServiceStatus.RUNNING && status("worker") == ServiceStatus.RUNNING);
        selectApp();
        await().atMost(WAIT).until(() -> shownStatuses().stream().allMatch(s -> s == ServiceStatus.RUNNING));
        int jobsBefore = harness.client.jobs("app", null, 50).size();

        click("#stopButton");
        DialogPane dialog = awaitDialog();
        assertThat(fx(dialog::getHeaderText)).isEqualTo("Stop app on lab?");
        assertThat(fx(dialog::getContentText)).contains("web, worker").contains("2 running");
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("Cancel").query()));

        assertThat(harness.client.jobs("app", null, 50)).as("declined: no job").hasSize(jobsBefore);
        assertThat(status("web")).isEqualTo(ServiceStatus.RUNNING);

        click("#stopButton");
        DialogPane again = awaitDialog();
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(again).lookup("Stop app").query()));

        await().atMost(WAIT).until(() -> shownStatuses().stream().allMatch(s -> s == ServiceStatus.STOPPED));
        assertThat(status("worker")).isEqualTo(ServiceStatus.STOPPED);
    }

    @Test
    void aBusyTargetOpensTheRunningJobsLogInsteadOfAnError() {
        Job build = harness.client.startServiceJob("app", "web", Action.REBUILD);
        selectApp();

        harness.clickLabelled("table-cell", "web");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().targetProperty().get().service() != null));
        // Known busy from the store: pressing Restart attaches at once, with no question (a 409 would attach too).
        await().atMost(WAIT).until(() -> fx(() -> build.id().equals(harness.console.deployments().targetProperty().get().activeJob())));
        click("#restartButton");

        String key = LogPaneFactory.jobKey(harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow(), build.id());
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        assertThat(fx(() -> harness.robot.lookup("#error-dialog").tryQuery().isPresent())).as("no error dialog").isFalse();
        Label message = fx(() -> (Label) harness.robot.lookup("#messageLabel").query());
        assertThat(fx(message::getText)).contains("busy with job " + build.id());

        // Once the job ends, "is busy" is no longer true: the message says so (issue 12).
        harness.client.cancel(build.id());
        await().atMost(WAIT).until(() -> fx(message::getText), text -> text.contains("is no longer busy: job " + build.id()));
    }

    @Test
    void theStatusBarShowsAnOutageAndReconnectNowEndsIt() {
        harness.labelled("badge", "live");
        harness.proxy.refuseNewConnections(true);
        harness.proxy.cutAll();

        // Wait until the next automatic try is at least 10 s away, so the click, not the timer, brings it back. With
        // 3 s (as before) a loaded machine let the timer win: the agent went live, the link was hidden before the robot
        // found it, and the test timed out waiting for it (decision record 54's night, load 20+).
        java.util.regex.Pattern later = java.util.regex.Pattern.compile(".*next try in (\\d\\d) s.*");
        await().atMost(WAIT).until(() -> chipText().map(text -> later.matcher(text).matches()).orElse(false));
        assertThat(chipText().orElseThrow()).as("one clock, no polling period beside it")
                .matches("(reconnecting|offline since \\d\\d:\\d\\d:\\d\\d), next try in \\d+ s");

        harness.proxy.refuseNewConnections(false);
        harness.clickLabelled("hyperlink", "reconnect now");
        await().atMost(WAIT).until(() -> chipText().orElse("").equals("live"));
        assertThat(fx(() -> harness.robot.lookup(".agent-chip .hyperlink").queryAll().stream().filter(Node::isVisible).count()))
                .as("no remedy offered while live").isZero();
    }

    private java.util.Optional<String> chipText() {
        return fx(() -> harness.robot.lookup(".agent-chip .badge").queryAll().stream().map(n -> ((Label) n).getText()).findFirst());
    }

    private DialogPane awaitDialog() {
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent()));
        return fx(() -> (DialogPane) harness.robot.lookup("#confirm-dialog").query());
    }
}
