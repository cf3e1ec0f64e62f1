package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.logs.LogPane;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.testing.Demo;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One keyboard model in both kinds of window (issue 12): a log pane moved into its own window answers the main
 * window's shortcuts, each acting on that window's pane (its search, its lines, its service, its job, its agent), or
 * bringing the main window forward for the keys that belong there. Every key is pressed in the detached window, with
 * nothing selected in the main window's tree, so a key that fell back on the main window's selection would do nothing
 * or the wrong thing.
 */
class DetachedKeysWindowTest extends WindowTest {

    static final String APP = Demo.deployment(Demo.service("web", "--rate", "20").stopTimeout("3s")
            .build("--steps", "600", "--lines", "1", "--step-millis", "100"));

    @Override
    String app() {
        return APP;
    }

    private AgentConnection lab() {
        return fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
    }

    /** Nothing selected in the main window's tree: its agent, service and job items are disabled there. */
    private void selectNothing() {
        fx(() -> {
            harness.console.deployments().selectedKeyProperty().set(null);
            return null;
        });
    }

    private Stage detach(String key) {
        Stage window = fx(() -> {
            TabPane tabs = (TabPane) harness.robot.lookup("#logTabs").query();
            tabs.getTabs().stream().filter(tab -> key.equals(tab.getUserData())).findFirst()
                    .ifPresent(tab -> tabs.getSelectionModel().select(tab));
            return harness.console.view().dock().detachSelected();
        });
        intoWindow(window);
        return window;
    }

    /** The window in front with the keyboard on its lines, as a click there leaves it, so the robot's keys go to it. */
    private void intoWindow(Stage window) {
        fx(() -> {
            window.toFront();
            window.requestFocus();
            window.getScene().getRoot().lookup(".log-rows").requestFocus();
            return null;
        });
        await().atMost(WAIT).until(() -> fx(() -> window.isFocused() && focusIn(window) != null
                && focusIn(window).getStyleClass().contains("log-rows")));
        // TestFX types text (write) into its target window's scene, not the focused one.
        harness.robot.targetWindow(window);
    }

    @AfterEach
    void targetTheMainWindowAgain() {
        harness.robot.targetWindow(harness.stage);
    }

    private static Node focusIn(Stage window) {
        return window.getScene().getFocusOwner();
    }

    private DialogPane awaitDialog(String id) {
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(id).tryQuery().isPresent()));
        return fx(() -> (DialogPane) harness.robot.lookup(id).query());
    }

    private void awaitNoDialog(String id) {
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(id).tryQuery().isEmpty()));
    }

    @Test
    void everyShortcutWorksInADetachedServiceLogOnItsOwnPane() {
        Job start = harness.client.startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status() == JobStatus.SUCCEEDED);
        AgentConnection lab = lab();
        String key = LogPaneFactory.serviceKey(lab, "app", "web");
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "web");
            return null;
        });
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().heldCount() > 20));
        selectNothing();
        Stage window = detach(key);

        // Search: Ctrl+F, typing reveals the first match, F3 and Shift+F3, Enter and Shift+Enter, Escape back to the lines.
        harness.robot.push(KeyCode.CONTROL, KeyCode.F);
        await().atMost(WAIT).until(() -> fx(() -> focusIn(window) instanceof TextField field && "searchField".equals(field.getId())));
        harness.robot.write("web");
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.model().matchLabelProperty().get()))
                .as("after typing " + fx(() -> pane.model().queryProperty().get())).startsWith("1 of "));
        harness.robot.push(KeyCode.F3);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("2 of "));
        harness.robot.push(KeyCode.SHIFT, KeyCode.F3);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("1 of "));
        harness.robot.push(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("2 of "));
        harness.robot.push(KeyCode.SHIFT, KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("1 of "));
        harness.robot.push(KeyCode.ESCAPE);
        await().atMost(WAIT).until(() -> fx(() -> focusIn(window).getStyleClass().contains("log-rows")));
        assertThat(fx(() -> pane.model().queryProperty().get())).isEmpty();

        // Follow and Wrap from the menu bar's keys; Home leaves the newest line, End jumps back to it.
        boolean following = fx(() -> pane.model().followProperty().get());
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().followProperty().get()) != following);
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.W);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().wrapProperty().get()));
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.W);
        await().atMost(WAIT).until(() -> !fx(() -> pane.model().wrapProperty().get()));
        fx(() -> {
            pane.focusLines();
            return null;
        });
        harness.robot.push(KeyCode.HOME);
        await().atMost(WAIT).until(() -> !fx(() -> pane.model().followProperty().get()));
        harness.robot.push(KeyCode.END);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().followProperty().get()));

        // Copy: Ctrl+C puts the selected line on the clipboard.
        String line = fx(() -> {
            pane.model().select(pane.model().shown().get(0));
            return pane.model().shown().get(0).text();
        });
        harness.robot.push(KeyCode.CONTROL, KeyCode.C);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).contains(line));

        // Ctrl+4 on the window's own lines (from its search field); Ctrl+Tab and Ctrl+Shift+D have nothing to move.
        harness.robot.push(KeyCode.CONTROL, KeyCode.F);
        await().atMost(WAIT).until(() -> fx(() -> focusIn(window) instanceof TextField));
        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
        await().atMost(WAIT).until(() -> fx(() -> focusIn(window).getStyleClass().contains("log-rows")));
        harness.robot.push(KeyCode.CONTROL, KeyCode.TAB);
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D);
        assertThat(fx(() -> harness.console.view().dock().windowPane(window).map(p -> p.key()))).contains(key);

        // The agent's keys act on the pane's agent, though no agent is selected in the main window.
        harness.robot.push(KeyCode.CONTROL, KeyCode.E);
        DialogPane edit = awaitDialog("#connection-dialog");
        assertThat(fx(() -> ((Stage) edit.getScene().getWindow()).getTitle())).isEqualTo("Edit lab");
        harness.robot.push(KeyCode.ESCAPE);
        awaitNoDialog("#connection-dialog");
        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.DELETE);
        DialogPane remove = awaitDialog("#confirm-dialog");
        assertThat(fx(remove::getHeaderText)).isEqualTo("Remove lab?");
        harness.robot.push(KeyCode.ESCAPE);
        awaitNoDialog("#confirm-dialog");
        assertThat(fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT))).as("Escape keeps it").isPresent();

        // The main window's keys bring it forward: the palette, then the tree.
        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.K);
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".command-palette").tryQuery()
                .map(Node::isVisible).orElse(false)));
        harness.robot.push(KeyCode.ESCAPE);
        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        await().atMost(WAIT).until(() -> fx(() -> harness.stage.getScene().getFocusOwner() instanceof TreeView<?>
                && harness.stage.isFocused()));

        // Ctrl+W closes the window's pane, not the main window's tab.
        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        await().atMost(WAIT).until(() -> !fx(window::isShowing));
        assertThat(fx(() -> harness.console.view().dock().isOpen(key))).isFalse();
    }

    @Test
    void aDetachedJobLogsKeysActOnItsJobAndItsAgent() {
        Job build = harness.client.startDeploymentJob("app", Action.REBUILD);
        await().atMost(WAIT).until(() -> harness.client.job(build.id()).status() == JobStatus.RUNNING);
        AgentConnection lab = lab();
        String key = LogPaneFactory.jobKey(lab, build.id());
        // Listed in the jobs table, whose rows are where the shortcuts find a job.
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".jobs-pane .table-row-cell")
                .queryAllAs(javafx.scene.control.TableRow.class).stream()
                .anyMatch(row -> row.getItem() instanceof io.capstan.console.jobs.JobRow job && job.job().id().equals(build.id()))));
        fx(() -> {
            harness.console.view().dock().openJob(lab, build);
            return null;
        });
        selectNothing();
        Stage window = detach(key);
        assertThat(fx(() -> harness.console.view().dock().windowPane(window))).isPresent();

        // Ctrl+O: its log is this window; nothing else opens.
        harness.robot.push(KeyCode.CONTROL, KeyCode.O);
        assertThat(fx(() -> harness.console.view().dock().openKeys())).containsExactly(key);

        // Ctrl+. asks to cancel this job (though no job is selected in the jobs table); Enter is Cancel.
        harness.robot.push(KeyCode.CONTROL, KeyCode.PERIOD);
        DialogPane ask = awaitDialog("#confirm-dialog");
        assertThat(fx(ask::getHeaderText)).isEqualTo("Cancel rebuild app on lab?");
        harness.robot.push(KeyCode.ENTER);
        awaitNoDialog("#confirm-dialog");
        assertThat(harness.client.job(build.id()).status().isTerminal()).as("Enter is Cancel: the build runs on").isFalse();

        // Ctrl+R reconnects the pane's agent now, not at its next try.
        harness.proxy.refuseNewConnections(true);
        harness.proxy.cutAll();
        java.util.regex.Pattern later = java.util.regex.Pattern.compile(".*next try in (\\d\\d) s.*");
        await().atMost(WAIT).until(() -> chipText().map(text -> later.matcher(text).matches()).orElse(false));
        harness.proxy.refuseNewConnections(false);
        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.R);
        await().atMost(WAIT).until(() -> chipText().orElse("").equals("live"));

        intoWindow(window);
        harness.robot.push(KeyCode.CONTROL, KeyCode.PERIOD);
        DialogPane again = awaitDialog("#confirm-dialog");
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(again).lookup("Cancel the job").query()));
        await().atMost(WAIT).until(() -> harness.client.job(build.id()).status() == JobStatus.CANCELED);
        await().atMost(WAIT).until(() -> fx(() -> pane(key).model().statusProperty().get()).contains("cancel"));
    }

    private LogPane pane(String key) {
        return (LogPane) harness.console.view().dock().pane(key).orElseThrow();
    }

    private java.util.Optional<String> chipText() {
        return fx(() -> harness.robot.lookup(".agent-chip .badge").queryAll().stream().map(n -> ((Label) n).getText()).findFirst());
    }

    /**
     * Incremental search in a live job's pane (issue 12): typing reveals the first match before any Enter, Enter and
     * F3 go on, Shift with them goes back, and "n of N" counts the matches that arrive while the job runs.
     */
    @Test
    void typingInALiveJobsSearchRevealsTheFirstMatchAndTheCountFollowsArrivingLines() {
        Job build = harness.client.startDeploymentJob("app", Action.REBUILD);
        AgentConnection lab = lab();
        String key = LogPaneFactory.jobKey(lab, build.id());
        fx(() -> {
            harness.console.view().dock().openJob(lab, build);
            return null;
        });
        LogPane pane = fx(() -> pane(key));
        await().atMost(WAIT).until(() -> fx(() -> pane.model().heldCount() > 30));
        fx(() -> {
            pane.focusSearch();
            return null;
        });

        harness.robot.write("Step");

        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("1 of "));
        assertThat(fx(() -> pane.model().currentMatchEntry().text())).startsWith("Step 1/");
        assertThat(fx(() -> pane.model().followProperty().get())).as("the match stays in view").isFalse();
        await().atMost(WAIT).until(() -> fx(() -> pane.view().visibleRows().contains(pane.model().currentMatchEntry())));
        int before = fx(() -> pane.model().matchCountProperty().get());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchCountProperty().get()) > before + 3);
        await().atMost(WAIT).untilAsserted(() -> fx(() -> {
            long counted = pane.model().shown().stream().filter(row -> row.text().contains("Step")).count();
            assertThat(pane.model().matchLabelProperty().get()).as("the count of the rows held")
                    .isEqualTo("1 of " + counted);
            return null;
        }));

        harness.robot.push(KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("2 of "));
        assertThat(fx(() -> pane.model().currentMatchEntry().text())).startsWith("Step 2/");
        harness.robot.push(KeyCode.F3);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("3 of "));
        harness.robot.push(KeyCode.SHIFT, KeyCode.ENTER);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("2 of "));
        harness.robot.push(KeyCode.SHIFT, KeyCode.F3);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchLabelProperty().get()).startsWith("1 of "));
        await().atMost(WAIT).until(() -> fx(() -> pane.view().visibleRows().contains(pane.model().currentMatchEntry())));
        harness.client.cancel(build.id());
    }
}
