package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.logs.LogPane;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No action by accident, in the real window against a real agent: a stray Enter after "Jump to newest" stops
 * nothing, a service action asks about that service (also the second time, after the rows were refreshed), a
 * click on the selected deployment re-targets the toolbar, and "don't ask again for services" is kept.
 */
class ActionSafetyWindowTest extends WindowTest {

    @Override
    String app() {
        return ConsoleWindowTest.APP;
    }

    @BeforeEach
    void start() throws Exception {
        Job started = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(started.id()).status().isTerminal());
        selectApp();
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .allMatch(s -> s.status() == ServiceStatus.RUNNING && s.activeJob() == null)));
    }

    @Test
    void enterAfterJumpToNewestStopsNothing() {
        selectWeb();
        io.capstan.console.agents.AgentConnection lab = lab();
        String key = LogPaneFactory.serviceKey(lab, "app", "web");
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "web");
            return null;
        });
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().heldCount() > 0));
        fx(() -> {
            pane.model().followProperty().set(false);
            return null;
        });
        Button jump = fx(() -> (Button) harness.robot.from(pane.node()).lookup(".jump-button").query());
        await().atMost(WAIT).until(() -> fx(jump::isVisible));
        int jobsBefore = harness.client.jobs("app", null, 100).size();

        harness.robot.clickOn(jump);
        harness.robot.type(KeyCode.ENTER);
        harness.robot.type(KeyCode.ENTER);

        assertThat(fx(() -> pane.model().followProperty().get())).as("following again").isTrue();
        assertThat(fx(() -> insideLogPane(jump.getScene().getFocusOwner()))).as("the keyboard is back in the log").isTrue();
        assertThat(fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent())).as("no question").isFalse();
        assertThat(harness.client.jobs("app", null, 100)).as("the agent's job list did not grow").hasSize(jobsBefore);
        assertThat(status("web")).isEqualTo(ServiceStatus.RUNNING);
        assertThat(fx(() -> harness.robot.lookup("#stopButton").query().isFocusTraversable())).isFalse();
    }

    /**
     * Seen from outside under openbox: the keyboard was in a log pane, a new job's pane came to the front (or the pane
     * closed, or Ctrl+Tab put it behind), and JavaFX moved the keyboard to the first control in the window, the
     * deployments filter. It goes back to the log in front instead, and to the tree when no pane is left.
     */
    @Test
    void theKeyboardStaysInTheLogWhenItsPaneGoesBehindOrCloses() {
        selectWeb();
        io.capstan.console.agents.AgentConnection lab = lab();
        Job stop = harness.client.startServiceJob("app", "worker", Action.STOP);
        await().atMost(WAIT).until(() -> harness.client.job(stop.id()).status().isTerminal());
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "web");
            harness.console.view().dock().openJob(lab, harness.client.job(stop.id()));
            return null;
        });
        harness.robot.push(KeyCode.CONTROL, KeyCode.F);
        await().atMost(WAIT).until(() -> fx(() -> "searchField".equals(idOf(focusOwner()))));

        harness.robot.push(KeyCode.CONTROL, KeyCode.TAB);
        await().atMost(WAIT).until(() -> fx(() -> inFrontPane(focusOwner())));

        harness.robot.push(KeyCode.CONTROL, KeyCode.F);
        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys().size() == 1));
        await().atMost(WAIT).until(() -> fx(() -> inFrontPane(focusOwner())));
        assertThat(fx(() -> idOf(focusOwner()))).as("not the deployments filter").isNotEqualTo("filterField");

        // An action started from the toolbar puts its job's pane in front of the one the keyboard is in.
        harness.robot.clickOn(fx(() -> (Node) harness.robot.lookup(".log-rows").query()));
        click("#restartButton");
        DialogPane dialog = awaitDialog();
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("Restart web").query()));
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys().size() == 2
                && harness.console.view().dock().selectedPane().orElseThrow().key().contains("/job/")));
        await().atMost(WAIT).until(() -> fx(() -> inFrontPane(focusOwner())));
        await().atMost(WAIT).until(() -> harness.client.jobs("app", "web", 5).stream().allMatch(job -> job.status().isTerminal()));
        int jobsBefore = harness.client.jobs("app", null, 100).size();
        harness.robot.type(KeyCode.ENTER);
        harness.robot.type(KeyCode.ENTER);
        assertThat(fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent())).as("no question").isFalse();
        assertThat(harness.client.jobs("app", null, 100)).as("a stray Enter started nothing").hasSize(jobsBefore);

        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys().isEmpty()));
        await().atMost(WAIT).until(() -> fx(() -> focusOwner() instanceof javafx.scene.control.TreeView<?>));
    }

    private Node focusOwner() {
        return harness.stage.getScene().getFocusOwner();
    }

    private static String idOf(Node node) {
        return node == null ? null : node.getId();
    }

    /** Whether {@code node} is inside the log pane of the tab in front. */
    private boolean inFrontPane(Node node) {
        Node front = harness.console.view().dock().selectedPane().map(pane -> pane.node()).orElse(null);
        for (Node at = node; at != null; at = at.getParent()) {
            if (at == front) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSecondRestartOfAServiceAsksAboutThatServiceNotTheDeployment() {
        selectWeb();
        assertThat(targetLabel()).isEqualTo("Service web of app on lab");

        click("#restartButton");
        DialogPane first = awaitDialog();
        assertThat(fx(first::getHeaderText)).isEqualTo("Restart service web of app on lab?");
        assertThat(fx(() -> ((Button) first.lookupButton(first.getButtonTypes().get(1))).isDefaultButton()))
                .as("Cancel is the default").isTrue();
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(first).lookup("Restart web").query()));
        await().atMost(WAIT).until(() -> harness.client.jobs("app", "web", 5).stream()
                .anyMatch(job -> job.action() == Action.RESTART && job.status().isTerminal()));
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .allMatch(s -> s.status() == ServiceStatus.RUNNING && s.activeJob() == null)));

        assertThat(targetLabel()).as("the selection survived the job's row updates").isEqualTo("Service web of app on lab");
        click("#restartButton");
        DialogPane second = awaitDialog();
        assertThat(fx(second::getHeaderText)).isEqualTo("Restart service web of app on lab?");
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(second).lookup("Cancel").query()));
    }

    @Test
    void clickingTheSelectedDeploymentAgainTargetsTheWholeDeployment() {
        selectWeb();
        assertThat(targetLabel()).isEqualTo("Service web of app on lab");

        harness.clickLabelled("deployment-name", "app");

        await().atMost(WAIT).until(() -> targetLabel().equals("Deployment app on lab"));
        assertThat(fx(() -> harness.console.deployments().targetProperty().get().service())).isNull();
    }

    @Test
    void dontAskAgainForServicesIsKeptAcrossARestart() throws Exception {
        selectWeb();
        click("#stopButton");
        DialogPane dialog = awaitDialog();
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("#dont-ask-again").query()));
        assertThat(fx(() -> ((CheckBox) harness.robot.from(dialog).lookup("#dont-ask-again").query()).isSelected())).isTrue();
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("Stop web").query()));
        await().atMost(WAIT).until(() -> status("web") == ServiceStatus.STOPPED);
        assertThat(Files.readString(harness.console.settings().file())).contains("confirm.services=false");

        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .anyMatch(s -> s.name().equals("worker") && s.activeJob() == null)));
        harness.clickLabelled("table-cell", "worker");
        await().atMost(WAIT).until(() -> targetLabel().equals("Service worker of app on lab"));
        click("#stopButton");
        await().atMost(WAIT).until(() -> status("worker") == ServiceStatus.STOPPED);
        assertThat(fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent())).as("not asked again").isFalse();

        harness.restartConsole();
        selectApp();
        harness.clickLabelled("table-cell", "worker");
        await().atMost(WAIT).until(() -> targetLabel().equals("Service worker of app on lab"));
        int restartsBefore = restarts("worker");
        click("#restartButton");
        await().atMost(WAIT).until(() -> restarts("worker") == restartsBefore + 1);
        assertThat(fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent())).as("kept across a restart").isFalse();
    }

    private int restarts(String service) {
        return (int) harness.client.jobs("app", service, 50).stream().filter(job -> job.action() == Action.RESTART).count();
    }

    private io.capstan.console.agents.AgentConnection lab() {
        return fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
    }

    private static boolean insideLogPane(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n.getStyleClass().contains("log-pane")) {
                return true;
            }
        }
        return false;
    }

    private void selectApp() {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
    }

    private void selectWeb() {
        harness.clickLabelled("table-cell", "web");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().targetProperty().get().service() != null));
    }

    private String targetLabel() {
        return fx(() -> ((Label) harness.robot.lookup("#targetLabel").query()).getText());
    }

    private ServiceStatus status(String service) {
        return harness.client.deployment("app").deployment().services().stream().filter(s -> s.name().equals(service))
                .map(Service::status).findFirst().orElseThrow();
    }

    private void click(String id) {
        Button button = fx(() -> (Button) harness.robot.lookup(id).query());
        await().atMost(WAIT).until(() -> fx(() -> !button.isDisabled()));
        harness.robot.clickOn(button);
    }

    private DialogPane awaitDialog() {
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent()));
        return fx(() -> (DialogPane) harness.robot.lookup("#confirm-dialog").query());
    }
}
