package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogOpener;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.console.fx.WindowSize;
import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Dimension2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Where log panes live: tabs in the main window, or their own windows ("live log window"). One pane per job or
 * service (opening it again brings it to the front instead of opening a second stream); a pane keeps its stream
 * while it moves from a tab to a window; closing the tab or the window closes the pane and its stream.
 */
public final class LogDock implements LogOpener {

    /** Where one pane currently is. */
    private static final class Placement {
        private final LogPaneHandle pane;
        /** For a job pane: the agent and target the job acts on, so a newer job on it can take the pane's place. */
        private String jobTarget;
        private boolean jobFinished;
        private Tab tab;
        private Stage window;

        private Placement(LogPaneHandle pane) {
            this.pane = pane;
        }
    }

    /** The main menu's shortcuts, shown in the tab's menu. */
    static final KeyCombination CLOSE = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination DETACH = new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final double CASCADE = 40;
    /** A detached log window's size, frame included. */
    static final Dimension2D DETACHED = new Dimension2D(900, 600);

    private final TabPane tabs;
    private final LogPaneFactory factory;
    private final Consumer<Scene> styleWindow;
    private final Map<String, Placement> open = new LinkedHashMap<>();
    private java.util.function.BiFunction<AgentConnection, String, Job> latestJob = (agent, id) -> null;
    private ObservableBooleanValue showAgentNames = new SimpleBooleanProperty(false);
    private java.util.function.Function<Window, CloseChoice> closeQuestion = LogDock::askOnClose;

    /** What closing a detached log window does. */
    public enum CloseChoice { DOCK_BACK, CLOSE, KEEP_OPEN }

    /**
     * @param styleWindow applies the console's stylesheets, theme and shortcuts to a detached window's scene
     */
    public LogDock(TabPane tabs, LogPaneFactory factory, Consumer<Scene> styleWindow) {
        this.tabs = Objects.requireNonNull(tabs);
        this.factory = Objects.requireNonNull(factory);
        this.styleWindow = Objects.requireNonNull(styleWindow);
    }

    /**
     * Where a newly opened job pane learns the job's newest state: the job handed to {@link #openJob} may be older
     * (the queued job of a 202) than what the event stream has already said.
     */
    public void setLatestJob(java.util.function.BiFunction<AgentConnection, String, Job> latestJob) {
        this.latestJob = Objects.requireNonNull(latestJob);
    }

    @Override
    public void openJob(AgentConnection agent, Job job) {
        String key = LogPaneFactory.jobKey(agent, job.id());
        if (!reveal(key)) {
            Placement finished = finishedTab(jobTarget(agent, job));
            int at = finished == null ? tabs.getTabs().size() : tabs.getTabs().indexOf(finished.tab);
            LogPaneHandle pane = factory.job(agent, job);
            Job latest = latestJob.apply(agent, job.id());
            Placement placement = dock(pane, at);
            placement.jobTarget = jobTarget(agent, job);
            if (latest != null) {
                pane.jobChanged(latest);
                placement.jobFinished = latest.status().isTerminal();
            }
            if (finished != null) {
                // A new run on the same target takes the finished run's tab instead of piling up tabs.
                close(finished.pane.key());
            }
        }
    }

    /** The tab of a finished job on {@code target}, which a new job on the same target replaces; null if none. */
    private Placement finishedTab(String target) {
        return open.values().stream().filter(p -> p.tab != null && p.jobFinished && target.equals(p.jobTarget))
                .findFirst().orElse(null);
    }

    private static String jobTarget(AgentConnection agent, Job job) {
        return agent.name() + "/" + TargetName.of(job).label();
    }

    @Override
    public void openService(AgentConnection agent, String deployment, String service) {
        String key = LogPaneFactory.serviceKey(agent, deployment, service);
        if (!reveal(key)) {
            dock(factory.service(agent, deployment, service), tabs.getTabs().size());
        }
    }

    @Override
    public void openDeployment(AgentConnection agent, String deployment) {
        String key = LogPaneFactory.deploymentKey(agent, deployment);
        if (!reveal(key)) {
            dock(factory.deployment(agent, deployment), tabs.getTabs().size());
        }
    }

    /**
     * Whether titles name the agent ("restart shop · prod"): with more than one agent, "restart shop" alone does not
     * say which machine it ran on.
     */
    public void setShowAgentNames(ObservableBooleanValue show) {
        showAgentNames = Objects.requireNonNull(show);
    }

    private StringBinding title(LogPaneHandle pane) {
        String agent = agentOf(pane.key());
        return Bindings.createStringBinding(() -> showAgentNames.get() && agent != null
                ? pane.titleProperty().get() + " · " + agent : pane.titleProperty().get(), pane.titleProperty(), showAgentNames);
    }

    /** Replaces the question a detached window's close button asks (tests answer it without a dialog). */
    public void setCloseQuestion(java.util.function.Function<Window, CloseChoice> question) {
        closeQuestion = Objects.requireNonNull(question);
    }

    private static CloseChoice askOnClose(Window window) {
        ButtonType dock = new ButtonType("Put back in the main window", ButtonBar.ButtonData.OK_DONE);
        ButtonType close = new ButtonType("Close the log", ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", dock, close, ButtonType.CANCEL);
        alert.initOwner(window);
        alert.setTitle("Close log window");
        alert.setHeaderText("Put this log back in the main window, or close it?");
        alert.getDialogPane().setId("dock-back-dialog");
        io.capstan.console.fx.DialogButtons.whole(alert.getDialogPane());
        ButtonType answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        return answer == dock ? CloseChoice.DOCK_BACK : answer == close ? CloseChoice.CLOSE : CloseChoice.KEEP_OPEN;
    }

    /** The agent's name from a pane key ({@code <agent>/job/<id>} or {@code <agent>/service/...}). */
    static String agentOf(String key) {
        return io.capstan.console.common.PaneKey.parse(key).map(io.capstan.console.common.PaneKey::agent).orElse(null);
    }

    /** Keys of the open panes, tabs first in tab order, then windows. */
    public List<String> openKeys() {
        List<String> keys = new ArrayList<>();
        for (Tab tab : tabs.getTabs()) {
            if (tab.getUserData() instanceof String key) {
                keys.add(key);
            }
        }
        open.forEach((key, placement) -> {
            if (placement.window != null) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** The open pane with this key, wherever it is. */
    public java.util.Optional<LogPaneHandle> pane(String key) {
        Placement placement = open.get(key);
        return placement == null ? java.util.Optional.empty() : java.util.Optional.of(placement.pane);
    }

    public boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** Forwards newer job state to the job's pane, if one is open. */
    public void jobChanged(AgentConnection agent, Job job) {
        Placement placement = open.get(LogPaneFactory.jobKey(agent, job.id()));
        if (placement != null) {
            placement.pane.jobChanged(job);
            placement.jobFinished = job.status().isTerminal();
        }
    }

    /** Selects the next ({@code step} 1) or previous (-1) tab, wrapping round (Ctrl+Tab, Ctrl+Shift+Tab). */
    public void selectNext(int step) {
        int count = tabs.getTabs().size();
        if (count > 0) {
            int now = Math.max(0, tabs.getSelectionModel().getSelectedIndex());
            tabs.getSelectionModel().select(Math.floorMod(now + step, count));
        }
    }

    /** The pane of the selected tab, if any. */
    public java.util.Optional<LogPaneHandle> selectedPane() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null || !(tab.getUserData() instanceof String key) ? java.util.Optional.empty() : pane(key);
    }

    /** The pane of {@code window} if it is a detached log window; empty for the main window, another or null. */
    public java.util.Optional<LogPaneHandle> windowPane(Window window) {
        return window == null ? java.util.Optional.empty() : open.values().stream()
                .filter(p -> p.window == window).map(p -> p.pane).findFirst();
    }

    /**
     * The pane a shortcut pressed in {@code window} is about: a detached window's own pane, else (the main window, or
     * the menu bar clicked) the selected tab's.
     */
    public java.util.Optional<LogPaneHandle> frontPane(Window window) {
        java.util.Optional<LogPaneHandle> own = windowPane(window);
        return own.isPresent() ? own : selectedPane();
    }

    /** Moves the selected tab's pane into its own window. */
    public Stage detachSelected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null ? null : detach(tab);
    }

    /** Moves a pane from its tab into its own window, keeping its stream and everything it shows. */
    public Stage detach(Tab tab) {
        Placement placement = open.get((String) tab.getUserData());
        if (placement == null || placement.tab != tab) {
            return null;
        }
        tab.setContent(null);
        tabs.getTabs().remove(tab);
        placement.tab = null;
        Stage window = new Stage();
        window.titleProperty().bind(title(placement.pane).concat(" — Capstan"));
        Scene scene = new Scene(new BorderPane(placement.pane.node()));
        // Its stylesheets and theme, and the main window's shortcuts acting on this window's pane (Ctrl+W closes it).
        styleWindow.accept(scene);
        window.setScene(scene);
        Window owner = tabs.getScene() == null ? null : tabs.getScene().getWindow();
        if (owner != null) {
            // Cascade: each window open at once steps down and right, so none hides another exactly.
            long others = open.values().stream().filter(p -> p.window != null).count();
            double step = CASCADE * (1 + others % 8);
            window.setX(owner.getX() + step);
            window.setY(owner.getY() + step);
        }
        window.setOnHidden(event -> closePane(placement));
        // The window's close button asks whether to put the log back in the main window instead of closing it.
        window.setOnCloseRequest(event -> {
            CloseChoice choice = closeQuestion.apply(window);
            if (choice != CloseChoice.CLOSE) {
                event.consume();
            }
            if (choice == CloseChoice.DOCK_BACK) {
                dockBack(placement.pane.key());
            }
        });
        placement.window = window;
        // Sized on the stage and kept while the window manager maps it: openbox mapped the first one at 200x200.
        window.setWidth(DETACHED.getWidth());
        window.setHeight(DETACHED.getHeight());
        WindowSize.keepWhileMapping(window, DETACHED);
        window.show();
        return window;
    }

    /** Closes every pane and window; the console calls this when it exits. */
    public void closeAll() {
        for (Placement placement : List.copyOf(open.values())) {
            if (placement.window != null) {
                placement.window.setOnHidden(null);
                placement.window.close();
            }
            closePane(placement);
        }
        tabs.getTabs().clear();
    }

    /** Closes one pane wherever it is. */
    public void close(String key) {
        Placement placement = open.get(key);
        if (placement == null) {
            return;
        }
        if (placement.tab != null) {
            tabs.getTabs().remove(placement.tab);
        }
        if (placement.window != null) {
            placement.window.setOnHidden(null);
            placement.window.close();
        }
        closePane(placement);
    }

    private boolean reveal(String key) {
        Placement placement = open.get(key);
        if (placement == null) {
            return false;
        }
        if (placement.tab != null) {
            tabs.getSelectionModel().select(placement.tab);
        } else if (placement.window != null) {
            placement.window.toFront();
            placement.window.requestFocus();
        }
        return true;
    }

    private Placement dock(LogPaneHandle pane, int at) {
        Placement placement = new Placement(pane);
        open.put(pane.key(), placement);
        putInTab(placement, at);
        return placement;
    }

    /** Moves a detached pane back into a tab, keeping its stream and everything it shows. */
    public void dockBack(String key) {
        Placement placement = open.get(key);
        if (placement == null || placement.window == null) {
            return;
        }
        Stage window = placement.window;
        placement.window = null;
        window.setOnHidden(null);
        ((BorderPane) window.getScene().getRoot()).setCenter(null);
        window.close();
        putInTab(placement, tabs.getTabs().size());
    }

    private void putInTab(Placement placement, int at) {
        LogPaneHandle pane = placement.pane;
        Tab tab = new Tab();
        tab.textProperty().bind(title(pane));
        tab.setContent(pane.node());
        tab.setUserData(pane.key());
        tab.setOnClosed(event -> closePane(placement));
        MenuItem detach = new MenuItem("Open in new window");
        detach.setAccelerator(DETACH);
        detach.setOnAction(event -> detach(tab));
        MenuItem close = new MenuItem("Close");
        close.setAccelerator(CLOSE);
        close.setOnAction(event -> close(pane.key()));
        tab.setContextMenu(new ContextMenu(detach, close));
        placement.tab = tab;
        tabs.getTabs().add(Math.min(at, tabs.getTabs().size()), tab);
        tabs.getSelectionModel().select(tab);
    }

    private void closePane(Placement placement) {
        if (open.remove(placement.pane.key()) != null) {
            placement.pane.close();
        }
        placement.tab = null;
        placement.window = null;
    }
}
