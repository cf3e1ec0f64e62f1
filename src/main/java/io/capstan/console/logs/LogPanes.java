package io.capstan.console.logs;

import io.capstan.client.logs.JobLogStream;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Background;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.FrameClock;
import io.capstan.console.fx.ThreadCpuClock;
import io.capstan.console.fx.UiThread;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.TargetName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.stage.Window;

/**
 * Makes the console's log panes and wires each one: stream (client threads) → {@link LogFeed} (rows and notices,
 * in order) → {@link FrameBatcher} (as many rows a frame as the model takes in {@link #ROWS_BUDGET}) →
 * {@link LogPaneViewModel} (UI thread).
 * A job pane starts from the first line the agent kept, so a pane reopened after a console restart holds every
 * retained line once; header state goes through {@link UiThread}, the one way onto the UI thread.
 */
public final class LogPanes implements LogPaneFactory {

    /**
     * The share of a 16.7 ms frame the model may spend taking rows in (CPU time of the UI thread); the rest is the
     * flow's layout and the render.
     * The model takes a row in about half a microsecond, so this is some 16,000 rows a frame, about a million a
     * second, far above what a job prints; with a search on, fewer rows a frame, never a longer frame.
     */
    public static final Duration ROWS_BUDGET = Duration.ofMillis(8);

    /** A service log opens on its recent past, as {@code tail -n} would. */
    static final int SERVICE_TAIL = 1_000;

    private final UiThread ui;
    private final FrameClock frames;
    private final Background background;
    private final Clock clock;
    private final Function<Supplier<Window>, LogPaneEffects> effects;
    private final int capacity;

    /**
     * @param effects makes a pane's clipboard, file chooser and error seam, given how to find the pane's window
     */
    public LogPanes(UiThread ui, FrameClock frames, Background background, Clock clock,
                    Function<Supplier<Window>, LogPaneEffects> effects, int capacity) {
        this.ui = ui;
        this.frames = frames;
        this.background = background;
        this.clock = clock;
        this.effects = effects;
        this.capacity = capacity;
    }

    @Override
    public LogPaneHandle job(AgentConnection agent, Job job) {
        LogPane pane = pane(LogPaneFactory.jobKey(agent, job.id()), job.action().wire() + " " + TargetName.of(job).label());
        pane.model().jobChanged(job);
        JobLogStream stream = new JobLogStream(agent.client(), job.id(), new Relay(pane));
        pane.attach(stream);
        stream.start();
        return pane;
    }

    @Override
    public LogPaneHandle service(AgentConnection agent, String deployment, String service) {
        LogPane pane = pane(LogPaneFactory.serviceKey(agent, deployment, service), TargetName.of(deployment, service).label() + " log");
        ServiceLogStream stream = new ServiceLogStream(agent.client(), deployment, service, SERVICE_TAIL, new Relay(pane));
        pane.attach(stream);
        stream.start();
        return pane;
    }

    /** What either kind of stream reports, turned into rows (through the feed) and header state (on the UI thread). */
    private final class Relay implements JobLogStream.Listener, ServiceLogStream.Listener {
        private final LogPane pane;
        private final LogFeed feed;

        Relay(LogPane pane) {
            this.pane = pane;
            this.feed = new LogFeed(pane.batcher()::add, clock);
        }

        @Override
        public void onLine(Line line) {
            feed.line(line);
        }

        @Override
        public void onGap(long from, long to) {
            feed.gap(from, to);
        }

        @Override
        public void onEnd(Job ended) {
            feed.end(ended);
            ui.run(() -> pane.model().jobChanged(ended));
        }

        @Override
        public void onNewEpoch(String epoch) {
            feed.newEpoch(epoch);
        }

        @Override
        public void onState(StreamState state) {
            feed.state(state);
            ui.run(() -> pane.model().streamChanged(state));
        }
    }

    private LogPane pane(String key, String title) {
        // The effects need the pane's window, which exists only once the view is loaded and shown.
        Node[] anchor = new Node[1];
        LogPaneEffects paneEffects = effects.apply(() -> anchor[0] == null || anchor[0].getScene() == null
                ? null : anchor[0].getScene().getWindow());
        LogPaneViewModel model = new LogPaneViewModel(title, background, paneEffects, clock, capacity);
        LogPaneView view = LogPaneView.load(model);
        anchor[0] = view.root();
        FrameBatcher<LogEntry> batcher = rowBatcher(frames, model::accept);
        return new LogPane(key, model, view, batcher);
    }

    /** The per-frame hand-off between a pane's stream and its model (public: the benchmark measures this one). */
    public static FrameBatcher<LogEntry> rowBatcher(FrameClock frames, Consumer<List<LogEntry>> sink) {
        return FrameBatcher.timed(frames, ROWS_BUDGET, ThreadCpuClock.currentThread(), sink);
    }
}
