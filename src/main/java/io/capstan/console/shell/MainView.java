package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.console.common.PaneKey;
import io.capstan.console.fx.ProportionalSplitSkin;
import io.capstan.console.fx.Ticker;
import io.capstan.console.deployments.ActionsViewModel;
import io.capstan.console.deployments.DeploymentsView;
import io.capstan.console.deployments.ServicesView;
import io.capstan.console.deployments.Target;
import io.capstan.console.jobs.JobRow;
import io.capstan.console.jobs.JobsView;
import io.capstan.console.jobs.JobsViewModel;
import io.capstan.console.palette.PaletteView;
import io.capstan.console.palette.PaletteViewModel;
import io.capstan.protocol.Action;
import java.time.Duration;
import java.time.Clock;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The main window's controller: binds the toolbar and menus to the actions view model, hosts the log dock and the
 * status bar, and ticks the clocks that count uptimes and retry countdowns. Everything it shows comes from view
 * models; everything it does is forwarded to them or to {@link ConnectionCommands}.
 */
public final class MainView {

    private final ActionsViewModel actions;
    private final JobsViewModel jobs;
    private final ObservableList<AgentConnection> agents;
    private final ConnectionCommands connections;
    private final LogPaneFactory panes;
    private final Clock clock;
    private final Runnable quit;
    private LogDock dock;
    private ShellKeys keys;
    private PaletteCommands.Selection selection;
    private StatusBarViewModel statusBar;

    private PaletteViewModel palette;
    @FXML
    private BorderPane root;
    @FXML
    private MenuBar menuBar;
    @FXML
    private StackPane overlay;
    @FXML
    private CheckMenuItem darkItem;
    @FXML
    private CheckMenuItem askServicesItem;
    @FXML
    private MenuItem startItem;
    @FXML
    private MenuItem stopItem;
    @FXML
    private MenuItem restartItem;
    @FXML
    private MenuItem rebuildItem;
    @FXML
    private MenuItem deploymentLogItem;
    @FXML
    private MenuItem editAgentItem;
    @FXML
    private MenuItem reconnectItem;
    @FXML
    private MenuItem removeAgentItem;
    @FXML
    private MenuItem openJobItem;
    @FXML
    private MenuItem cancelJobItem;
    @FXML
    private Button startButton;
    @FXML
    private Button stopButton;
    @FXML
    private Button restartButton;
    @FXML
    private Button rebuildButton;
    @FXML
    private Label targetLabel;
    @FXML
    private TabPane logTabs;
    @FXML
    private Label noLogsLabel;
    @FXML
    private Label messageLabel;
    @FXML
    private HBox agentChips;
    @FXML
    private SplitPane mainSplit;
    @FXML
    private SplitPane rightSplit;
    @FXML
    private SplitPane topSplit;
    @FXML
    private DeploymentsView deploymentsController;
    @FXML
    private ServicesView servicesController;
    @FXML
    private JobsView jobsController;

    private final Ticker ticker = new Ticker("main window", Duration.ofSeconds(1), this::tick);

    public MainView(ActionsViewModel actions, JobsViewModel jobs, ObservableList<AgentConnection> agents,
                    ConnectionCommands connections, LogPaneFactory panes, Clock clock, Runnable quit) {
        this.actions = actions;
        this.jobs = jobs;
        this.agents = agents;
        this.connections = connections;
        this.panes = panes;
        this.clock = clock;
        this.quit = quit;
    }

    @FXML
    private void initialize() {
        bind(Action.START, startButton, startItem);
        bind(Action.STOP, stopButton, stopItem);
        bind(Action.RESTART, restartButton, restartItem);
        bind(Action.REBUILD, rebuildButton, rebuildItem);
        targetLabel.textProperty().bind(Bindings.createStringBinding(() -> describe(actions.targetProperty().get()),
                actions.targetProperty()));
        messageLabel.textProperty().bind(actions.messageProperty());
        // The message is what gives way on a narrow status bar; its tooltip keeps it whole.
        javafx.scene.control.Tooltip message = new javafx.scene.control.Tooltip();
        message.textProperty().bind(actions.messageProperty());
        messageLabel.setTooltip(message);
        askServicesItem.selectedProperty().bindBidirectional(actions.askForServicesProperty());
        deploymentLogItem.disableProperty().bind(actions.targetProperty().isNull());
        var agent = deploymentsController.selectedAgentProperty();
        reconnectItem.disableProperty().bind(Bindings.isNull(agent));
        removeAgentItem.disableProperty().bind(Bindings.isNull(agent));
        // The local agent has no connection to edit (its row's menu offers only reconnect and stop-and-hide).
        editAgentItem.disableProperty().bind(Bindings.createBooleanBinding(
                () -> agent.get() == null || agent.get().embedded(), agent));
        openJobItem.disableProperty().bind(jobs.selectedProperty().isNull());
        cancelJobItem.disableProperty().bind(jobs.selectedRunningProperty().not());
        keys = new ShellKeys(menuBar);
        dock = new LogDock(logTabs, panes, scene -> {
            Theme.style(scene);
            keys.installInLogWindow(scene);
        });
        dock.setLatestJob(jobs::latest);
        dock.setShowAgentNames(Bindings.size(agents).greaterThan(1));
        noLogsLabel.visibleProperty().bind(Bindings.isEmpty(logTabs.getTabs()));
        logTabs.visibleProperty().bind(Bindings.isNotEmpty(logTabs.getTabs()));
        ProportionalSplitSkin.install(mainSplit, rightSplit, topSplit);
        statusBar = new StatusBarViewModel(agents, connections, clock);
        new StatusBar(agentChips, statusBar);
        jobs.rows().addListener((ListChangeListener<JobRow>) change -> jobs.rows()
                .forEach(row -> dock.jobChanged(row.agent(), row.job())));
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null && old == null) {
                keys.install(scene);
                FocusKeeper.install(scene, java.util.List.of(
                        place(".deployments-pane .tree-view"), place(".services-pane .table-view"),
                        place(".jobs-pane .table-view"), new FocusKeeper.Place(logTabs, this::focusFrontPane)));
            }
        });
        ticker.start();
    }

    /**
     * Stops the window's clock (uptimes, "next try in", offline grace) and the status bar's: the console calls it when
     * it closes, so a closed window leaves nothing ticking that keeps it and its agents' data reachable.
     */
    public void dispose() {
        ticker.stop();
    }

    public LogDock dock() {
        return dock;
    }

    public BorderPane root() {
        return root;
    }

    public CheckMenuItem darkItem() {
        return darkItem;
    }

    public SplitPane[] splits() {
        return new SplitPane[] {mainSplit, rightSplit, topSplit};
    }

    private void tick() {
        agents.forEach(AgentConnection::tick);
        statusBar.tick();
        servicesController.tick();
        jobsController.tick();
    }

    private void bind(Action action, Button button, MenuItem item) {
        button.disableProperty().bind(actions.availableProperty(action).not());
        item.disableProperty().bind(actions.availableProperty(action).not());
    }

    private static String describe(Target target) {
        if (target == null) {
            return "Select a deployment or a service";
        }
        String what = target.describe();
        return what.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + what.substring(1);
    }

    @FXML
    private void start() {
        onTarget(() -> actions.run(Action.START));
    }

    @FXML
    private void stop() {
        onTarget(() -> actions.run(Action.STOP));
    }

    @FXML
    private void restart() {
        onTarget(() -> actions.run(Action.RESTART));
    }

    @FXML
    private void rebuild() {
        onTarget(() -> actions.run(Action.REBUILD));
    }

    @FXML
    private void openServiceLog() {
        onTarget(servicesController::openSelectedLog);
    }

    @FXML
    private void inspectService() {
        onTarget(servicesController::inspectSelected);
    }

    @FXML
    private void openDeploymentLog() {
        onTarget(actions::openDeploymentLog);
    }

    @FXML
    private void addAgent() {
        connections.addConnection();
    }

    @FXML
    private void editAgent() {
        // The local agent has no connection to edit (the menu item is disabled for it).
        subjectAgent().filter(agent -> !agent.embedded()).ifPresent(connections::editConnection);
    }

    @FXML
    private void reconnectAgent() {
        subjectAgent().ifPresent(connections::reconnectNow);
    }

    @FXML
    private void removeAgent() {
        subjectAgent().ifPresent(connections::removeConnection);
    }

    /** The agent of the log window a shortcut came from, else the tree's selected agent. */
    private java.util.Optional<AgentConnection> subjectAgent() {
        java.util.Optional<LogPaneHandle> pane = windowPane();
        if (pane.isPresent()) {
            return paneKey(pane.get()).flatMap(key -> agents.stream().filter(a -> a.name().equals(key.agent())).findFirst());
        }
        return java.util.Optional.ofNullable(deploymentsController.selectedAgentProperty().get());
    }

    /** The detached log window the shortcut now running was pressed in, if it was. */
    private java.util.Optional<LogPaneHandle> windowPane() {
        return dock.windowPane(keys.origin());
    }

    private static java.util.Optional<PaneKey> paneKey(LogPaneHandle pane) {
        return PaneKey.parse(pane.key());
    }

    /** The job row of a log window's job pane, if the jobs table lists it. */
    private java.util.Optional<JobRow> windowJob(LogPaneHandle pane) {
        return paneKey(pane).filter(key -> key.jobId() != null).flatMap(key -> jobs.rows().stream()
                .filter(row -> row.agent().name().equals(key.agent()) && row.job().id().equals(key.jobId())).findFirst());
    }

    /**
     * Runs something that acts on the toolbar's target. From a log window, the target is that window's pane's (its
     * service, its deployment, its job's): it is selected in the main window first, as the palette does, and the thing
     * runs only if the toolbar then names exactly it, so a key in a log window never acts on whatever the main window
     * happened to have selected.
     */
    private void onTarget(Runnable run) {
        java.util.Optional<LogPaneHandle> pane = windowPane();
        if (pane.isEmpty()) {
            run.run();
            return;
        }
        paneKey(pane.get()).ifPresent(key -> {
            io.capstan.protocol.TargetName target = key.target();
            if (target == null) {
                target = windowJob(pane.get()).map(row -> io.capstan.protocol.TargetName.of(row.job())).orElse(null);
            }
            AgentConnection agent = agents.stream().filter(a -> a.name().equals(key.agent())).findFirst().orElse(null);
            if (target != null && agent != null && PaletteCommands.select(selection(), actions, agent, target)) {
                run.run();
            }
        });
    }

    @FXML
    private void openJobLog() {
        // In a job's log window, its job's log is that window: the shortcut has nothing else to open there.
        if (windowPane().isEmpty()) {
            jobs.openSelected();
        }
    }

    @FXML
    private void cancelJob() {
        java.util.Optional<LogPaneHandle> pane = windowPane();
        if (pane.isPresent()) {
            windowJob(pane.get()).ifPresent(jobs::cancel);
        } else {
            jobs.cancelSelected();
        }
    }

    /** From a log window, a key that works in the main window (Ctrl+1, Ctrl+K) brings that window to the front first. */
    private void toMainWindow() {
        if (windowPane().isPresent() && root.getScene() != null && root.getScene().getWindow() instanceof javafx.stage.Stage main) {
            main.toFront();
            main.requestFocus();
        }
    }

    @FXML
    private void focusFilter() {
        toMainWindow();
        deploymentsController.focusFilter();
    }

    /** The command palette's model, made on first use. */
    public PaletteViewModel palette() {
        if (palette == null) {
            palette = new PaletteViewModel(new PaletteCommands(agents, jobs.rows(), selection(), actions, dock, jobs::open,
                    connections::reconnectNow));
            new PaletteView(palette, overlay);
        }
        return palette;
    }

    /** How the palette and the log windows' shortcuts select a target in the main window. */
    private PaletteCommands.Selection selection() {
        if (selection == null) {
            selection = new PaletteCommands.Selection() {
                @Override
                public void selectRow(String key) {
                    deploymentsController.reveal(key);
                }

                @Override
                public void selectService(String service) {
                    servicesController.select(service);
                }

                @Override
                public void inspect(AgentConnection agent, String deployment, String service) {
                    servicesController.inspect(agent, deployment, service);
                }
            };
        }
        return selection;
    }

    @FXML
    private void openPalette() {
        toMainWindow();
        palette().open();
    }

    /**
     * Where the keyboard starts: the tree, whose arrows move through agents and deployments. (The toolbar's actions
     * never take focus, so without this the filter box would, and hide its hint.)
     */
    public void focusStart() {
        focusTree();
    }

    private FocusKeeper.Place place(String selector) {
        javafx.scene.Node region = root.lookup(selector);
        return new FocusKeeper.Place(region, () -> ShellKeys.focus(region));
    }

    /** The keyboard on the lines of the log pane in front; false when no pane is open. */
    private boolean focusFrontPane() {
        return dock.selectedPane().map(pane -> {
            pane.focusLines();
            return true;
        }).orElse(false);
    }

    @FXML
    private void focusTree() {
        toMainWindow();
        ShellKeys.focus(root.lookup(".deployments-pane .tree-view"));
    }

    @FXML
    private void focusServices() {
        toMainWindow();
        ShellKeys.focus(root.lookup(".services-pane .table-view"));
    }

    @FXML
    private void focusJobs() {
        toMainWindow();
        ShellKeys.focus(root.lookup(".jobs-pane .table-view"));
    }

    @FXML
    private void focusLog() {
        frontPane().ifPresent(LogPaneHandle::focusLines);
    }

    @FXML
    private void searchLog() {
        frontPane().ifPresent(LogPaneHandle::focusSearch);
    }

    @FXML
    private void toggleFollow() {
        frontPane().ifPresent(LogPaneHandle::toggleFollow);
    }

    @FXML
    private void toggleWrap() {
        frontPane().ifPresent(LogPaneHandle::toggleWrap);
    }

    /** The pane a log shortcut acts on: the log window's own where it was pressed, else the tab in front. */
    private java.util.Optional<LogPaneHandle> frontPane() {
        return dock.frontPane(keys.origin());
    }

    // A log window holds one pane: Ctrl+Tab and Ctrl+Shift+D have nothing to switch to or move there.

    @FXML
    private void nextLog() {
        if (windowPane().isEmpty()) {
            dock.selectNext(1);
        }
    }

    @FXML
    private void previousLog() {
        if (windowPane().isEmpty()) {
            dock.selectNext(-1);
        }
    }

    @FXML
    private void detachLog() {
        if (windowPane().isEmpty()) {
            dock.detachSelected();
        }
    }

    @FXML
    private void closeLog() {
        frontPane().ifPresent(pane -> dock.close(pane.key()));
    }

    @FXML
    private void quit() {
        quit.run();
    }
}
