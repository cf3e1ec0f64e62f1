package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment log pane in the real window against a real agent: opened with Ctrl+Shift+A on the selected
 * deployment, both services' lines with their prefixes, a toggle that hides one service's lines and brings them back,
 * search over what is shown, and the pane back after a console restart.
 */
class DeploymentLogWindowTest {

    @TempDir
    Path tmp;

    private ConsoleHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new ConsoleHarness(tmp, ConsoleWindowTest.APP, null);
        Job job = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private LogPaneViewModel model(String key) {
        return fx(() -> ((LogPane) harness.console.view().dock().pane(key).orElseThrow()).model());
    }

    private List<String> sourcesShown(LogPaneViewModel model) {
        return fx(() -> model.shown().stream().filter(row -> !row.isNotice()).map(LogEntry::source)
                .map(model::sourceName).distinct().sorted().toList());
    }

    @Test
    void everyServiceWithItsPrefixATogglePerServiceAndSearch() throws Exception {
        harness.clickLabelled("deployment-name", "app");
        harness.robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT, KeyCode.CONTROL);
        String key = LogPaneFactory.deploymentKey(harness.lab(), "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        LogPaneViewModel model = model(key);
        await().atMost(WAIT).until(() -> sourcesShown(model).equals(List.of("web", "worker")));
        assertThat(fx(() -> harness.console.view().dock().selectedPane().orElseThrow().titleProperty().get()))
                .isEqualTo("app · all services");
        // The prefixes are drawn: a visible row's first text is its service's name. The rows are drawn in the pulses
        // after the model has them (a redraw has a time budget), so this waits for a drawn one.
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".log-source").queryAll().stream()
                .anyMatch(node -> node instanceof Text text
                        && (text.getText().startsWith("web ") || text.getText().startsWith("worker ")))));

        harness.robot.clickOn((ToggleButton) harness.robot.lookup("#source-web").query());
        assertThat(fx(() -> model.sources().get(0).shownProperty().get())).isFalse();
        int heldBefore = fx(model::heldCount);
        await().atMost(WAIT).until(() -> fx(model::heldCount) > heldBefore + 5);
        assertThat(sourcesShown(model)).as("web hidden; its lines still arrive").containsExactly("worker");

        harness.robot.clickOn((ToggleButton) harness.robot.lookup("#source-web").query());
        assertThat(sourcesShown(model)).containsExactly("web", "worker");

        fx(() -> {
            harness.console.view().dock().selectedPane().orElseThrow().focusSearch();
            return null;
        });
        harness.robot.write("worker:");
        await().atMost(WAIT).until(() -> fx(() -> model.matchCountProperty().get()) > 0);
        fx(() -> {
            model.filterProperty().set(true);
            return null;
        });
        assertThat(sourcesShown(model)).containsExactly("worker");

        harness.restartConsole();
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        LogPaneViewModel again = model(key);
        await().atMost(WAIT).until(() -> sourcesShown(again).equals(List.of("web", "worker")));
    }
}
