package io.capstan.bench;

import io.capstan.console.Console;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.console.fx.ExecutorBackground;
import io.capstan.console.fx.FxThread;
import io.capstan.console.fx.FxFrameClock;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.logs.LogPaneView;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.console.logs.LogPanes;
import io.capstan.console.logs.NoLogPaneEffects;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.testing.TempFolders;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.stage.Stage;

/**
 * Scenario 3's pane where an operator sees it: the whole console (its first run: the embedded agent over the demo set)
 * in a window, and, once its deployments are drawn and its start has settled, a log pane opened in its dock as a job's
 * pane is (decision record 146). The pane is the console's own ({@link LogPane}: view, view model and batcher); only
 * its rows come from the flood instead of an agent's stream, so the frames are the pane's and not the agent's. Its
 * home folder is deleted when the JVM exits.
 */
final class ConsoleFloodPane {

    /** After the deployments are drawn: the start's compilations and the demo services' launch are over by then. */
    private static final long SETTLE_MILLIS = 5_000;

    private final Path home = TempFolders.create("capstan-flood-console");
    /** Where the pane's batcher hands its rows each frame (the flood's measuring sink, which feeds the model). */
    private final Consumer<List<LogEntry>> rows;
    private Console console;
    private LogPane pane;
    private long paneLoadNanos;

    ConsoleFloodPane(Consumer<List<LogEntry>> rows) {
        this.rows = rows;
    }

    /** Shows the console and waits until its tree shows deployments and the start has settled; call off the FX thread. */
    void show(FxCall fx) throws Exception {
        fx.run(() -> {
            console = new Console(new Console.Options(home.resolve("config"), true, home.resolve("demo"),
                    home.resolve("state"), new FloodPanes()));
            console.show(new Stage());
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!fx.run(this::deploymentsShown)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console showed no deployments in 120 s");
            }
            Thread.sleep(50); // the poll's period: each look is a call onto the FX thread the console is starting on
        }
        // Not a wait for a result: the figures are of a console whose start is over, as an operator's is.
        Thread.sleep(SETTLE_MILLIS);
    }

    /** Opens the pane in the console's dock, as a job's pane opens; returns it. */
    LogPane openPane(FxCall fx) throws Exception {
        return fx.run(() -> {
            AgentConnection agent = console.fleet().agents().get(0);
            Instant now = Instant.now();
            console.view().dock().openJob(agent, new Job("flood", "shop", null, Action.REBUILD, JobStatus.RUNNING, now, now,
                    null, null, null, 0, 0));
            return pane;
        });
    }

    long paneLoadNanos() {
        return paneLoadNanos;
    }

    void close(FxCall fx) throws Exception {
        fx.run(() -> {
            console.close();
            return null;
        });
    }

    private boolean deploymentsShown() {
        return console.view() != null
                && console.deployments().treeProperty().get().stream().anyMatch(tree -> !tree.deployments().isEmpty());
    }

    /** Runs work on the FX thread and waits for its result. */
    interface FxCall {
        <T> T run(Callable<T> work) throws Exception;
    }

    /** The console's pane factory for the flood's job: the console's own pane, rows from the flood. */
    private final class FloodPanes implements LogPaneFactory {
        @Override
        public LogPaneHandle job(AgentConnection agent, Job job) {
            // The console's background pool, as LogPanes gives a pane: the store's fresh arrays are made there.
            LogPaneViewModel model = new LogPaneViewModel("rebuild shop", new ExecutorBackground(FxThread.INSTANCE),
                    new NoLogPaneEffects(), Clock.systemUTC(), LogPaneViewModel.DEFAULT_CAPACITY);
            model.jobChanged(job);
            long start = System.nanoTime();
            LogPaneView view = LogPaneView.load(model);
            paneLoadNanos = System.nanoTime() - start;
            pane = new LogPane(LogPaneFactory.jobKey(agent, job.id()), model, view,
                    LogPanes.rowBatcher(new FxFrameClock(), view.pulseBudget(), rows));
            return pane;
        }

        @Override
        public LogPaneHandle service(AgentConnection agent, String deployment, String service) {
            throw new UnsupportedOperationException("the flood opens a job's pane only");
        }
    }
}
