package io.capstan.console;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.store.AgentStore;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.agents.EmbeddedAgent;
import io.capstan.console.agents.Fleet;
import io.capstan.console.agents.TokenPickup;
import io.capstan.console.connections.ConnectionTester;
import io.capstan.console.connections.ConnectionsController;
import io.capstan.console.deployments.ActionsViewModel;
import io.capstan.console.deployments.DeploymentsView;
import io.capstan.console.deployments.DeploymentsViewModel;
import io.capstan.console.deployments.Target;
import io.capstan.console.format.WindowTitles;
import io.capstan.console.deployments.ServicesView;
import io.capstan.console.fx.ExecutorBackground;
import io.capstan.console.fx.FrameClock;
import io.capstan.console.fx.FxFrameClock;
import io.capstan.console.fx.FxThread;
import io.capstan.console.jobs.JobsView;
import io.capstan.console.jobs.JobsViewModel;
import io.capstan.console.logs.FxLogPaneEffects;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.console.logs.LogPanes;
import io.capstan.console.settings.Settings;
import io.capstan.console.shell.DesktopNotifier;
import io.capstan.console.common.Dialogs;
import io.capstan.console.shell.FxDialogs;
import io.capstan.console.common.LogOpenerRelay;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.shell.MainView;
import io.capstan.console.inspect.ServiceInspectors;
import io.capstan.console.shell.Notifier;
import io.capstan.console.shell.ServiceAlerts;
import io.capstan.console.shell.StartShell;
import io.capstan.console.shell.Theme;
import io.capstan.console.shell.WindowPlacement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.function.Function;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Dimension2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's composition root: builds the fleet, the view models and the main window, restores what the user
 * had open, and tears it all down in order. Everything the console remembers lives under {@link Options#configDir}.
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    /** Whether stopping, restarting or rebuilding one service asks first ("don't ask again for services"). */
    static final String ASK_FOR_SERVICES = "confirm.services";

    /**
     * How to start.
     *
     * @param configDir     settings and saved connections
     * @param embedded      null: start the embedded demo agent only when no connection is saved; true/false: force
     * @param demoRoot      where the embedded agent's demo set is copied and served (null: the user's data folder)
     * @param embeddedState the embedded agent's state folder (null: the user's data folder)
     * @param panes         log panes (null: the real ones)
     */
    public record Options(Path configDir, Boolean embedded, Path demoRoot, Path embeddedState, LogPaneFactory panes) {
        public static Options defaults() {
            return new Options(SavedConnections.forUser().file().getParent(), null, null, null, null);
        }
    }

    private final Options options;
    private final Clock clock = Clock.systemDefaultZone();
    private final FxThread ui = FxThread.INSTANCE;
    private final ExecutorBackground background = new ExecutorBackground(ui);
    private final FrameClock frames = new FxFrameClock();
    private final Settings settings;
    private final Fleet fleet;
    private final LogOpenerRelay logs = new LogOpenerRelay();
    private Stage stage;
    private MainView view;
    private EmbeddedAgent embedded;
    private Dialogs dialogs;
    private DeploymentsViewModel deployments;
    private ConnectionsController connections;
    private PaneRestorer restorer;
    private ServiceInspectors inspectors;
    private boolean closed;
    private Notifier notifier = new DesktopNotifier();

    public Console(Options options) {
        this.options = options;
        this.settings = Settings.load(options.configDir().resolve("console.properties"));
        this.fleet = new Fleet(ui, new SavedConnections(savedConnectionsFile()));
    }

    /** Where notifications go instead of the desktop (tests); call before {@link #show}. */
    public Console notifyThrough(Notifier target) {
        this.notifier = Objects.requireNonNull(target);
        return this;
    }

    /**
     * Shows the window on {@code stage} at once, as a light shell that says what it is waiting for, and builds the
     * main view on the pulse after that first frame (issue 12, decision record 124): the menus, toolbar, tables and
     * their skins take about a second of the FX thread, which the first frame no longer waits for, and the local
     * agent starts on the background thread while they are built. {@link #view()} is null until then; call on the
     * FX thread.
     */
    public void show(Stage target) {
        this.stage = target;
        Theme theme = Theme.parse(settings.get("theme", "light"));
        theme.apply();
        StartupMarks.step("theme");
        deployments = new DeploymentsViewModel(fleet.agents(), clock);
        Dimension2D size = WindowPlacement.size(settings.getDouble("window.width", Double.NaN),
                settings.getDouble("window.height", Double.NaN), WindowPlacement.screen());
        Scene scene = new Scene(StartShell.create(embeddedExpected()), size.getWidth(), size.getHeight());
        Theme.style(scene);
        target.setScene(scene);
        target.titleProperty().bind(mainTitle());
        placeWindow(target);
        target.setOnCloseRequest(event -> close());
        StartupMarks.install(scene, deployments);
        StartupMarks.step("before-show");
        target.show();
        StartupMarks.step("shown");
        AfterFirstFrame.run(scene, () -> {
            if (!closed) {
                build(theme);
            }
        });
    }

    /** The main view in place of the shell, the agents connected, the panes of last time reopened. */
    private void build(Theme theme) {
        Stage target = stage;
        dialogs = new FxDialogs(this::window);
        // First, so the local agent starts on the other core while this thread builds the view.
        connectAgents();
        Notifier notifier = this.notifier;
        new ServiceAlerts(notifier).watch(fleet.agents());
        ActionsViewModel actions = new ActionsViewModel(background, dialogs, logs, target1 -> target1.agent());
        actions.targetProperty().bind(deployments.targetProperty());
        actions.askForServicesProperty().set(settings.getBoolean(ASK_FOR_SERVICES, true));
        actions.askForServicesProperty().addListener((obs, old, ask) -> {
            settings.putBoolean(ASK_FOR_SERVICES, ask);
            settings.save();
        });
        JobsViewModel jobs = new JobsViewModel(fleet.agents(), logs, background, dialogs);
        connections = new ConnectionsController(fleet, background, dialogs, ConnectionTester.real(), this::window);
        LogPaneFactory panes = options.panes() != null ? options.panes()
                : new LogPanes(ui, frames, background, clock, window -> new FxLogPaneEffects(window, dialogs),
                        LogPaneViewModel.DEFAULT_CAPACITY).fixTokenWith(connections::editConnection);
        MainView main = new MainView(actions, jobs, fleet.agents(), connections, panes, clock, this::quit);
        inspectors = new ServiceInspectors(background, clock, this::window, Theme::style);
        Map<Class<?>, Object> controllers = Map.of(
                MainView.class, main,
                DeploymentsView.class, new DeploymentsView(deployments, actions, connections),
                ServicesView.class, new ServicesView(deployments, actions, logs, inspectors,
                        new io.capstan.console.resources.ResourcePoller(background, clock), clock),
                JobsView.class, new JobsView(jobs, clock));
        StartupMarks.step("view-models");
        Parent root = load(controllers::get);
        StartupMarks.step("fxml");
        logs.connect(main.dock());
        jobs.subscribeEnded(row -> {
            actions.jobEnded(row.agent().name(), row.job());
            if (!target.isFocused()) {
                notifier.notify("Capstan: " + row.job().action().wire() + " " + row.target() + " "
                        + row.job().status().name().toLowerCase(java.util.Locale.ROOT), row.agent().name());
            }
        });
        target.getScene().setRoot(root);
        view = main;
        target.getIcons().setAll(windowIcons());
        restoreSplits();
        view.darkItem().setSelected(theme == Theme.DARK);
        view.darkItem().selectedProperty().addListener((obs, old, dark) -> {
            Theme next = dark ? Theme.DARK : Theme.LIGHT;
            next.apply();
            settings.put("theme", next.name().toLowerCase(java.util.Locale.ROOT));
        });
        // Once the built view is laid out: asked now, the scene's first focus pass (the new root's first pulse)
        // would move it to the first focusable control, the filter box.
        AfterFirstFrame.run(target.getScene(), () -> {
            if (!closed) {
                view.focusStart();
            }
        });
        restorer = new PaneRestorer(fleet, view.dock(), background, settings.getList("panes"));
        restorer.start();
        warmUpLogFontOnceShown(target.getScene());
        StartupMarks.step("built");
    }

    /**
     * The log rows' font is drawn off screen once the first deployments are on screen and the frame after them is
     * too, while the user reads them, then a flood runs through a pane off screen, a step a frame: the first log
     * pane's first frames then skip both, and the start does not wait for them (decision records 145 and 167).
     */
    private void warmUpLogFontOnceShown(Scene scene) {
        javafx.beans.value.ChangeListener<List<DeploymentsViewModel.AgentTree>> shown = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends List<DeploymentsViewModel.AgentTree>> obs,
                                List<DeploymentsViewModel.AgentTree> old, List<DeploymentsViewModel.AgentTree> now) {
                if (now.stream().allMatch(tree -> tree.deployments().isEmpty())) {
                    return;
                }
                deployments.treeProperty().removeListener(this);
                AfterFirstFrame.run(scene, () -> AfterFirstFrame.run(scene, () -> {
                    if (!closed) {
                        StartupMarks.step("log-font");
                        LogPanes.warmUp(frames, () -> StartupMarks.step("log-pane-warm"));
                        StartupMarks.step("log-font-drawn");
                    }
                }));
            }
        };
        deployments.treeProperty().addListener(shown);
    }

    /**
     * Whether the local agent will be started (what the shell says it waits for), told without reading the saved
     * connections: that is JSON, whose classes the first frame should not wait for.
     */
    private boolean embeddedExpected() {
        return wantsEmbedded(!java.nio.file.Files.exists(savedConnectionsFile()));
    }

    /**
     * Whether the console runs its local agent: as the options say, else as last time; the first time, when it has no
     * saved connection. Once shown, "This computer" stays until the user removes it, even after other agents are added.
     */
    private boolean wantsEmbedded(boolean noSavedConnections) {
        return options.embedded() != null ? options.embedded() : settings.getBoolean("embedded.show", noSavedConnections);
    }

    private Path savedConnectionsFile() {
        return options.configDir().resolve("connections.json");
    }

    /** "Capstan", or with several agents the one looked at: "shop · prod — Capstan" (WindowTitles). */
    private javafx.beans.binding.StringBinding mainTitle() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> {
            Target selected = deployments.targetProperty().get();
            if (selected != null) {
                return WindowTitles.main(fleet.agents().size(), selected.agent().name(), selected.deployment().name());
            }
            String key = deployments.selectedKeyProperty().get();
            String agent = key == null ? null : fleet.find(key).map(AgentConnection::name).orElse(null);
            return WindowTitles.main(fleet.agents().size(), agent, null);
        }, deployments.targetProperty(), deployments.selectedKeyProperty(), fleet.agents());
    }

    public Fleet fleet() {
        return fleet;
    }

    public MainView view() {
        return view;
    }

    public Settings settings() {
        return settings;
    }

    public ConnectionsController connections() {
        return connections;
    }

    /** The open service detail windows. */
    public ServiceInspectors inspectors() {
        return inspectors;
    }

    public DeploymentsViewModel deployments() {
        return deployments;
    }

    private void connectAgents() {
        int saved = fleet.connectSaved();
        if (!wantsEmbedded(saved == 0)) {
            return;
        }
        fleet.agents().addListener((javafx.collections.ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                if (change.wasRemoved() && !change.wasReplaced() && change.getRemoved().stream().anyMatch(AgentConnection::embedded)
                        && embedded != null) {
                    settings.putBoolean("embedded.show", false);
                    EmbeddedAgent stopping = embedded;
                    embedded = null;
                    background.execute(stopping::close);
                }
            }
        });
        deployments.startingLocalAgentProperty().set(true);
        // Called on the pulse after the first frame, so on the background thread now: started beside the window
        // (decision record 53) it took the second core from JavaFX's own start and the JIT compilers, and the first
        // frame came later (decision record 54). The placeholder says what the tree is waiting for meanwhile.
        background.submit(this::startEmbedded, this::embeddedStarted, this::embeddedFailed);
    }

    private void embeddedStarted(EmbeddedAgent agent) {
        deployments.startingLocalAgentProperty().set(false);
        if (closed) {
            agent.close();
            return;
        }
        embedded = agent;
        settings.putBoolean("embedded.show", true);
        AgentConnection connection = fleet.addEmbedded(agent.endpoint());
        TokenPickup.watch(fleet, connection, agent::currentToken, background);
        deployments.selectedKeyProperty().set(connection.name());
        startServicesOnceShown(connection, agent);
        StartupMarks.step("agent-connected");
    }

    private void embeddedFailed(Throwable failure) {
        deployments.startingLocalAgentProperty().set(false);
        dialogs.error("Could not start the local agent", String.valueOf(failure.getMessage()));
    }

    /**
     * The demo services start once the window has drawn the local agent's first list: their JVMs would otherwise
     * compete with the console's first fetch and frame for a small machine's cores (decision record 53).
     */
    private void startServicesOnceShown(AgentConnection connection, EmbeddedAgent agent) {
        javafx.beans.value.ChangeListener<AgentStore.Snapshot> firstList = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends AgentStore.Snapshot> obs, AgentStore.Snapshot old,
                    AgentStore.Snapshot now) {
                if (now.deployments().isEmpty()) {
                    return;
                }
                connection.snapshotProperty().removeListener(this);
                // The next pulse lays the list out and draws it; the services start on the pulse after that one.
                AfterFirstFrame.run(stage.getScene(), () -> background.execute(agent::startServices));
            }
        };
        connection.snapshotProperty().addListener(firstList);
    }

    private EmbeddedAgent startEmbedded() throws IOException {
        StartupMarks.step("agent-start");
        EmbeddedAgent agent = options.demoRoot() == null ? EmbeddedAgent.startDemo()
                : EmbeddedAgent.startDemo(options.demoRoot(), options.embeddedState());
        StartupMarks.step("agent-started");
        agent.prime();
        StartupMarks.step("agent-primed");
        return agent;
    }

    private Parent load(Function<Class<?>, Object> controllers) {
        FXMLLoader loader = new FXMLLoader(Console.class.getResource("/io/capstan/console/shell/Main.fxml"));
        loader.setControllerFactory(type -> {
            Object controller = controllers.apply(type);
            if (controller == null) {
                throw new IllegalStateException("no controller for " + type);
            }
            return controller;
        });
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void placeWindow(Stage target) {
        double x = settings.getDouble("window.x", Double.NaN);
        double y = settings.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            target.setX(x);
            target.setY(y);
        }
        WindowPlacement.apply(target, new Dimension2D(target.getScene().getWidth(), target.getScene().getHeight()),
                settings.getBoolean("window.maximized", false));
    }

    private void restoreSplits() {
        var splits = view.splits();
        for (int i = 0; i < splits.length; i++) {
            double position = settings.getDouble("split." + i, Double.NaN);
            if (!Double.isNaN(position)) {
                splits[i].setDividerPositions(position);
            }
        }
    }

    private void rememberWindow() {
        if (stage == null || view == null) {
            return;
        }
        settings.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            settings.putDouble("window.x", stage.getX());
            settings.putDouble("window.y", stage.getY());
            settings.putDouble("window.width", stage.getWidth());
            settings.putDouble("window.height", stage.getHeight());
        }
        var splits = view.splits();
        for (int i = 0; i < splits.length; i++) {
            settings.putDouble("split." + i, splits[i].getDividerPositions()[0]);
        }
        // Panes still waiting for their agent (the local one not up yet) are kept for next time, not forgotten.
        List<String> panes = new java.util.ArrayList<>(view.dock().openKeys());
        if (restorer != null) {
            panes.addAll(restorer.pending());
        }
        settings.putList("panes", panes);
        settings.save();
    }

    private Window window() {
        return stage;
    }

    private void quit() {
        close();
        stage.close();
    }

    /** Saves what the user had open, closes panes, sessions and the embedded agent. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LogPanes.stopWarmUp();
        rememberWindow();
        if (view != null) {
            view.dock().closeAll();
            view.dispose();
        }
        if (inspectors != null) {
            inspectors.closeAll();
        }
        fleet.close();
        if (embedded != null) {
            embedded.close();
        }
        background.close();
        LOG.info("console closed");
    }

    /** The saved endpoints, for tests. */
    List<AgentEndpoint> savedEndpoints() {
        return new SavedConnections(savedConnectionsFile()).load();
    }

    /** The application icon at the sizes window managers pick from (made from assets/capstan.svg by installer/icons.sh). */
    static List<Image> windowIcons() {
        return Stream.of(16, 32, 48, 64, 128, 256)
                .map(size -> Console.class.getResource("icons/capstan-" + size + ".png"))
                .filter(Objects::nonNull)
                .map(url -> new Image(url.toExternalForm()))
                .toList();
    }
}
