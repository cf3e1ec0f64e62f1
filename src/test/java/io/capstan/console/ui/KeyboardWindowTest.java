package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.deployments.TreeRow;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One keyboard model (issue 12): shortcuts work from wherever the focus is, menus show them, and the palette. */
class KeyboardWindowTest {

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private TabPane tabs;

    @BeforeEach
    void start() throws Exception {
        harness = new ConsoleHarness(tmp, ConsoleWindowTest.APP, null);
        tabs = fx(() -> (TabPane) harness.robot.lookup("#logTabs").query());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    /** A finished job's pane, open in a tab; returns its key. */
    private String openFinished(Job job) {
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        return LogPaneFactory.jobKey(lab, job.id());
    }

    @Test
    void theKeyboardStartsInTheTreeNotInTheFilterBox() {
        // The toolbar's actions never take focus, so the first focusable control would be the filter box.
        await().atMost(WAIT).until(() -> focusOwner() instanceof TreeView<?>);
    }

    private Node focusOwner() {
        return fx(() -> harness.stage.getScene().getFocusOwner());
    }

    private void clickApp() {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
    }

    private String selectedKey() {
        return fx(() -> (String) tabs.getSelectionModel().getSelectedItem().getUserData());
    }

    private static boolean inside(Node ancestor, Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Test
    void ctrlFFromTheTreeFocusesTheActivePanesSearch() {
        openFinished(harness.client.startDeploymentJob("app", Action.START));
        clickApp();
        assertThat(focusOwner()).isInstanceOf(TreeView.class);

        harness.robot.push(KeyCode.CONTROL, KeyCode.F);

        await().atMost(WAIT).until(() -> focusOwner() instanceof TextField);
        Node field = focusOwner();
        assertThat(field.getId()).isEqualTo("searchField");
        assertThat(fx(() -> inside(tabs.getSelectionModel().getSelectedItem().getContent(), field)))
                .as("the search of the pane in front").isTrue();
    }

    @Test
    void ctrlWClosesTheActivePaneAgainAndAgainAndInADetachedWindow() {
        String first = openFinished(harness.client.startDeploymentJob("app", Action.START));
        String second = openFinished(harness.client.startServiceJob("app", "web", Action.STOP));
        String third = openFinished(harness.client.startServiceJob("app", "worker", Action.STOP));
        clickApp();
        fx(() -> {
            tabs.getSelectionModel().select(1);
            return null;
        });

        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys()).equals(List.of(first, third)));
        harness.robot.push(KeyCode.CONTROL, KeyCode.W);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys()).size() == 1);

        Stage window = fx(() -> harness.console.view().dock().detachSelected());
        String last = fx(() -> harness.console.view().dock().openKeys()).get(0);
        harness.robot.clickOn(window.getScene().getRoot());
        harness.robot.push(KeyCode.CONTROL, KeyCode.W);

        await().atMost(WAIT).until(() -> !fx(window::isShowing));
        assertThat(fx(() -> harness.console.view().dock().isOpen(last))).isFalse();
        assertThat(second).isNotIn(fx(() -> harness.console.view().dock().openKeys()));
    }

    @Test
    void ctrlTabAndCtrlPageDownSwitchPanesFromAnywhere() {
        String first = openFinished(harness.client.startDeploymentJob("app", Action.START));
        String second = openFinished(harness.client.startServiceJob("app", "web", Action.STOP));
        clickApp();
        assertThat(selectedKey()).isEqualTo(second);

        harness.robot.push(KeyCode.CONTROL, KeyCode.TAB);
        await().atMost(WAIT).until(() -> selectedKey().equals(first));
        assertThat(focusOwner()).as("the tree keeps the keyboard").isInstanceOf(TreeView.class);
        harness.robot.push(KeyCode.CONTROL, KeyCode.PAGE_DOWN);
        await().atMost(WAIT).until(() -> selectedKey().equals(second));
        harness.robot.push(KeyCode.CONTROL, KeyCode.PAGE_UP);
        await().atMost(WAIT).until(() -> selectedKey().equals(first));
        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB);
        await().atMost(WAIT).until(() -> selectedKey().equals(second));
    }

    @Test
    void ctrlDigitsMoveTheKeyboardToTreeServicesJobsAndLog() {
        openFinished(harness.client.startDeploymentJob("app", Action.START));
        clickApp();

        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        await().atMost(WAIT).until(() -> focusOwner() instanceof TableView<?> table
                && table.getParent().getStyleClass().contains("services-pane"));
        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT3);
        await().atMost(WAIT).until(() -> focusOwner() instanceof TableView<?> table
                && table.getParent().getStyleClass().contains("jobs-pane"));
        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
        await().atMost(WAIT).until(() -> focusOwner() != null && focusOwner().getStyleClass().contains("log-rows"));
        harness.robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        await().atMost(WAIT).until(() -> focusOwner() instanceof TreeView<?>);
    }

    /**
     * Every context menu of the window (an agent's row, a deployment's, a service's, a job's, a tab's) shows a shortcut
     * on every item, and each of those shortcuts is one the menu bar runs from anywhere: seen from outside, the job and
     * agent menus showed none.
     */
    @Test
    void everyContextMenuItemShowsAShortcutTheMenuBarRuns() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        openFinished(start);
        clickApp();
        harness.clickLabelled("table-cell", "web");
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".jobs-pane .table-row-cell").queryAllAs(TableRow.class)
                .stream().anyMatch(row -> row.getItem() != null)));

        java.util.Map<String, List<MenuItem>> menus = fx(() -> {
            java.util.Map<String, List<MenuItem>> all = new java.util.LinkedHashMap<>();
            for (TreeCell<?> cell : harness.robot.lookup(".tree-cell").queryAllAs(TreeCell.class)) {
                if (cell.getItem() instanceof TreeRow row && cell.getContextMenu() != null) {
                    all.put(row.getClass().getSimpleName(), cell.getContextMenu().getItems());
                }
            }
            harness.robot.lookup(".services-pane .table-row-cell").queryAllAs(TableRow.class).stream()
                    .filter(row -> row.getItem() instanceof Service).findFirst()
                    .ifPresent(row -> all.put("service", row.getContextMenu().getItems()));
            harness.robot.lookup(".jobs-pane .table-row-cell").queryAllAs(TableRow.class).stream()
                    .filter(row -> row.getItem() != null).findFirst()
                    .ifPresent(row -> all.put("job", row.getContextMenu().getItems()));
            all.put("tab", tabs.getTabs().get(0).getContextMenu().getItems());
            return all;
        });
        java.util.Set<javafx.scene.input.KeyCombination> menuBar = fx(() -> {
            java.util.Set<javafx.scene.input.KeyCombination> keys = new java.util.HashSet<>();
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) harness.robot.lookup(".menu-bar").query();
            bar.getMenus().forEach(menu -> menu.getItems().stream().map(MenuItem::getAccelerator)
                    .filter(java.util.Objects::nonNull).forEach(keys::add));
            return keys;
        });

        assertThat(menus).containsOnlyKeys("AgentRow", "DeploymentRow", "service", "job", "tab");
        menus.forEach((where, items) -> assertThat(items).as(where)
                .filteredOn(item -> !(item instanceof SeparatorMenuItem))
                .allSatisfy(item -> {
                    assertThat(item.getAccelerator()).as(where + ": " + item.getText()).isNotNull();
                    assertThat(menuBar).as(where + ": " + item.getText() + " runs from the menu bar")
                            .contains(item.getAccelerator());
                }));
        assertThat(fx(() -> menus.get("DeploymentRow").stream().filter(i -> "Restart deployment".equals(i.getText()))
                .findFirst().orElseThrow().getAccelerator().getDisplayText())).isEqualTo("Ctrl+Shift+R");
    }

    /** Ctrl+Shift+T flips View → Dark theme like a click on it (the shortcut only sent the action, so nothing changed). */
    @Test
    void ctrlShiftTSwitchesTheThemeFromAnywhere() {
        clickApp();
        assertThat(fx(() -> harness.console.view().darkItem().isSelected())).isFalse();

        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().darkItem().isSelected()));
        assertThat(fx(javafx.application.Application::getUserAgentStylesheet)).containsIgnoringCase("dark");

        harness.robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T);
        await().atMost(WAIT).until(() -> fx(() -> !harness.console.view().darkItem().isSelected()));
        assertThat(fx(javafx.application.Application::getUserAgentStylesheet)).doesNotContainIgnoringCase("dark");
    }

    @Test
    void thePaletteFindsARestartAndAsksFirstLikeTheToolbar() {
        int jobsBefore = harness.client.jobs("app", null, 50).size();

        harness.robot.push(KeyCode.CONTROL, KeyCode.K);
        await().atMost(WAIT).until(() -> focusOwner() != null && focusOwner().getStyleClass().contains("palette-field"));
        harness.robot.write("app rest");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().palette().queryProperty().get()).equals("app rest"));
        assertThat(fx(() -> harness.console.view().palette().results().get(0).title())).isEqualTo("Restart app");
        harness.robot.push(KeyCode.ENTER);

        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#confirm-dialog").tryQuery().isPresent()));
        DialogPane dialog = fx(() -> (DialogPane) harness.robot.lookup("#confirm-dialog").query());
        assertThat(fx(dialog::getHeaderText)).isEqualTo("Restart app on lab?");
        assertThat(fx(() -> harness.console.view().palette().showingProperty().get()))
                .as("the palette closed before the dialog").isFalse();
        assertThat(fx(() -> ((Label) harness.robot.lookup(".target-label").query()).getText()))
                .as("the toolbar names the palette's target").isEqualTo("Deployment app on lab");
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("Cancel").query()));

        assertThat(harness.client.jobs("app", null, 50)).as("declined: no job").hasSize(jobsBefore);
    }

    @Test
    void escapeClosesThePaletteWithoutRunningAnything() {
        int jobsBefore = harness.client.jobs("app", null, 50).size();
        clickApp();
        harness.robot.push(KeyCode.CONTROL, KeyCode.K);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().palette().showingProperty().get()));
        harness.robot.write("app start");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().palette().queryProperty().get()).equals("app start"));
        assertThat(fx(() -> harness.console.view().palette().results().get(0).title())).isEqualTo("Start app");

        harness.robot.push(KeyCode.ESCAPE);

        await().atMost(WAIT).until(() -> fx(() -> !harness.console.view().palette().showingProperty().get()));
        assertThat(harness.client.jobs("app", null, 50)).hasSize(jobsBefore);
        assertThat(focusOwner()).as("the keyboard goes back where it was").isInstanceOf(TreeView.class);
    }
}
