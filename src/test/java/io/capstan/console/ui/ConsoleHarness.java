package io.capstan.console.ui;

import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.testing.FaultProxy;
import io.capstan.console.Console;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Cell;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A real agent with real processes, a fault proxy in front of it, and the real console window (headless, Monocle)
 * connected through the proxy as a saved connection called {@code lab}.
 */
final class ConsoleHarness {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final String AGENT = "lab";

    final Path root;
    final RealAgent agent;
    final FaultProxy proxy;
    final AgentClient client;
    final FxRobot robot = new FxRobot();
    private final Path config;
    Console console;
    Stage stage;
    /** What the console would have shown on the desktop, title then body, in order (never the real desktop). */
    final java.util.concurrent.BlockingQueue<String> notifications = new java.util.concurrent.LinkedBlockingQueue<>();

    /** A window that fits Monocle's headless screen, so the status bar is on screen to be clicked. */
    static final String MONOCLE_WINDOW = "window.x=0\nwindow.y=0\nwindow.width=1100\nwindow.height=680\n";

    ConsoleHarness(Path tmp, String appYaml, String token) throws Exception {
        this(RealAgent.in(tmp).deployment("app", appYaml).start(), tmp, token);
    }

    /** Over an agent the test started itself (other backends, a deployment that is not a {@code capstan.yaml}). */
    ConsoleHarness(RealAgent agent, Path tmp, String token) throws Exception {
        this(agent, tmp, token, MONOCLE_WINDOW, false);
    }

    /**
     * With {@code windowSettings} as the saved window ({@code console.properties}; empty: a first run's), and in a
     * window with the window manager's decorations, as the console's own, when {@code decorated} (TestFX's primary
     * stage has none, and a window manager treats such a window differently).
     */
    ConsoleHarness(RealAgent agent, Path tmp, String token, String windowSettings, boolean decorated) throws Exception {
        this.agent = agent;
        root = agent.root;
        proxy = agent.proxy();
        client = agent.client();
        Path config = Files.createDirectories(tmp.resolve("config"));
        new SavedConnections(config.resolve("connections.json"))
                .save(List.of(new AgentEndpoint(AGENT, proxy.url(), token != null ? token : agent.token())));
        Files.writeString(config.resolve("console.properties"), windowSettings);
        this.config = config;
        stage = FxToolkit.registerPrimaryStage();
        if (decorated) {
            stage = FxToolkit.registerStage(Stage::new);
        }
        open();
    }

    private void open() throws Exception {
        FxToolkit.setupFixture(() -> {
            console = new Console(new Console.Options(config, false, null, null, (LogPaneFactory) null))
                    .notifyThrough((title, body) -> notifications.add(title + " | " + body));
            console.show(stage);
        });
        awaitBuilt(console);
    }

    /**
     * Waits for the main view: {@link Console#show} draws a light shell first and builds the view on the pulse after
     * that first frame (decision record 124).
     */
    static void awaitBuilt(Console console) {
        await().atMost(WAIT).until(() -> fx(() -> console.view() != null));
    }

    /** Closes the console as the user would (saving what is open) and starts a new one on the same settings. */
    void restartConsole() throws Exception {
        FxToolkit.setupFixture(() -> console.close());
        open();
    }

    /** Stops the agent and its processes, as a crash or an upgrade would; {@link #startAgentAgain} brings it back. */
    void stopAgent() {
        agent.stop();
    }

    /** Starts the agent again on the same port and state folder (so the same token), as after an upgrade. */
    void startAgentAgain() {
        agent.startAgain();
    }

    /** The console's connection to the test's agent (named {@link #AGENT}). */
    AgentConnection lab() {
        return fx(() -> console.fleet().find(AGENT).orElseThrow());
    }

    /**
     * Runs {@code work} on the FX thread and returns its result: tests read view state the way the UI does. It waits
     * as long as the tests wait for anything ({@link #WAIT}): under a load of 30 the FX thread of a starting console
     * was once busy for more than the 10 s this used to allow, and the timeout, thrown inside an awaitility poll,
     * failed the test at once instead of letting the poll try again.
     */
    static <T> T fx(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        try {
            return task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Clicks where {@link #labelled} finds its node now. The point is taken on the FX thread at once, not from the node
     * when the mouse gets there: a table or tree reuses its cell objects when it lays out again (a refresh after the
     * agent's status changed, say), and a test that clicked a found cell once followed it to the empty row it had been
     * moved to, and selected nothing. Rows keep their places when cells are reused, so the point stays right.
     */
    void clickLabelled(String styleClass, String text) {
        robot.clickOn(pointOf(styleClass, text));
    }

    /** As {@link #clickLabelled}, with a double click. */
    void doubleClickLabelled(String styleClass, String text) {
        robot.doubleClickOn(pointOf(styleClass, text));
    }

    private Point2D pointOf(String styleClass, String text) {
        labelled(styleClass, text);
        return fx(() -> {
            Node node = find(styleClass, text);
            Bounds bounds = node.localToScreen(node.getBoundsInLocal());
            return new Point2D(bounds.getCenterX(), bounds.getCenterY());
        });
    }

    /** The first node on screen ({@link #shown}) with style class {@code styleClass} whose text is {@code text}. */
    Node labelled(String styleClass, String text) {
        await().atMost(WAIT).until(() -> fx(() -> find(styleClass, text) != null));
        return fx(() -> find(styleClass, text));
    }

    private Node find(String styleClass, String text) {
        return robot.lookup("." + styleClass).queryAll().stream()
                .filter(node -> node instanceof Labeled labeled && text.equals(labeled.getText()) && shown(node))
                .findFirst().orElse(null);
    }

    /**
     * On screen: visible with every parent, in a scene, and not an empty cell. A node's own visible flag is not enough:
     * a table keeps spare rows hidden, and their cells, visible themselves, still hold the text of the row they last
     * showed, as does a cell whose row the next layout will empty. A test once found "worker" in such a cell, clicked
     * where the empty row below the real one was laid out, and selected nothing.
     */
    static boolean shown(Node node) {
        if (node instanceof Cell<?> cell && cell.isEmpty()
                || node instanceof TableCell<?, ?> tableCell && (tableCell.getTableView() == null
                        || tableCell.getIndex() >= tableCell.getTableView().getItems().size())) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    void close() throws Exception {
        try {
            FxToolkit.setupFixture(() -> {
                if (console != null) {
                    console.close();
                }
            });
            FxToolkit.cleanupStages();
        } finally {
            agent.close();
        }
    }
}
