package io.capstan.console.logs;

import io.capstan.client.logs.DeploymentLogStream;
import io.capstan.client.logs.JobLogStream;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Background;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.FrameClock;
import io.capstan.console.fx.PulseBudget;
import io.capstan.console.fx.ThreadCpuClock;
import io.capstan.console.fx.UiThread;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.client.store.AgentStore;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.Service;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.value.ChangeListener;
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
 * in order) → {@link FrameBatcher} (as many rows a frame as the model takes in {@link #ROWS_BUDGET}, within the pane's
 * {@link PulseBudget}) →
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
    private Consumer<AgentConnection> fixToken = agent -> { };

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

    /**
     * What a pane's "fix token…" does for a saved connection whose token the agent refused (the connection's editor,
     * as the status bar's link); the new token resumes the pane's stream where it stopped (decision record 133).
     */
    public LogPanes fixTokenWith(Consumer<AgentConnection> edit) {
        this.fixToken = java.util.Objects.requireNonNull(edit);
        return this;
    }

    /**
     * Ties a new pane to its agent's connection: the pane asks it what the console knows of the agent before it words its
     * own stream (decision record 160); and the user can fix a saved connection's token (This computer's comes from its
     * state folder, TokenPickup).
     */
    private void ofAgent(LogPane pane, AgentConnection agent) {
        pane.model().setAgent(agent::reach);
        if (!agent.embedded()) {
            pane.model().setFixToken(() -> fixToken.accept(agent));
        }
    }

    /**
     * For an idle moment, once per process: draws the log rows' font off screen (decision record 145; it holds the UI
     * thread while the render thread draws, 50 to 300 ms), then runs a flood through a pane off screen, a step a frame
     * on {@code frames} (decision record 167), so the first real pane's first frames do not run cold code. A pane made
     * meanwhile stops it. {@code whenDone} runs on the UI thread once it has ended. Call on the FX thread.
     */
    public static void warmUp(FrameClock frames, Runnable whenDone) {
        LogFontWarmUp.once();
        LogPaneWarmUp.start(frames, whenDone);
    }

    /**
     * Stops a warm-up that is still running: a console that closes takes its frames back, so none of the off-screen
     * flood spills past it (in a test JVM, into the next test). Call on the FX thread.
     */
    public static void stopWarmUp() {
        LogPaneWarmUp.stop();
    }

    /** The frames of flood the last warm-up ran (the benchmark reports it). */
    public static int warmUpSteps() {
        return LogPaneWarmUp.stepsRun();
    }

    @Override
    public LogPaneHandle job(AgentConnection agent, Job job) {
        LogPane pane = pane(LogPaneFactory.jobKey(agent, job.id()), job.action().wire() + " " + TargetName.of(job).label());
        ofAgent(pane, agent);
        pane.model().jobChanged(job);
        JobLogStream stream = new JobLogStream(agent.client(), job.id(), new Relay(pane));
        pane.attach(stream);
        stream.start();
        return pane;
    }

    @Override
    public LogPaneHandle service(AgentConnection agent, String deployment, String service) {
        LogPane pane = pane(LogPaneFactory.serviceKey(agent, deployment, service), TargetName.of(deployment, service).label() + " log");
        ofAgent(pane, agent);
        ServiceLogStream stream = new ServiceLogStream(agent.client(), deployment, service, SERVICE_TAIL, new Relay(pane));
        pane.attach(stream);
        stream.start();
        return pane;
    }

    /**
     * Every service's log of a deployment, merged by time on the client ({@link DeploymentLogStream}, decision record
     * 90), each row tagged with its service (a prefix in the service's colour, a toggle). The services followed are the
     * deployment's in the agent's live snapshot, so a service added or removed while the pane is open is followed.
     */
    @Override
    public LogPaneHandle deployment(AgentConnection agent, String deployment) {
        LogPane pane = pane(LogPaneFactory.deploymentKey(agent, deployment), deployment + " · all services");
        ofAgent(pane, agent);
        DeploymentLogStream stream = new DeploymentLogStream(agent.client(), deployment, SERVICE_TAIL, new MergedRelay(pane));
        ChangeListener<AgentStore.Snapshot> follow = (obs, old, now) -> followServices(stream, now);
        agent.snapshotProperty().addListener(follow);
        pane.attach(() -> {
            agent.snapshotProperty().removeListener(follow);
            stream.close();
        });
        followServices(stream, agent.snapshot());
        return pane;
    }

    /**
     * Follows the deployment's services as a live snapshot lists them; a snapshot that is not live, lacks the
     * deployment or cannot read it (an agent restarting, a broken definition) changes nothing, so a blip never closes
     * and reopens streams.
     */
    static void followServices(DeploymentLogStream stream, AgentStore.Snapshot snapshot) {
        if (snapshot == null || !snapshot.live()) {
            return;
        }
        for (Deployment d : snapshot.deployments()) {
            if (d.name().equals(stream.deployment()) && d.error() == null && !d.services().isEmpty()) {
                stream.follow(d.services().stream().map(Service::name).toList());
            }
        }
    }

    /**
     * What a deployment pane says when the deployment has more services than one pane follows: how many, which are
     * left out (the first few by name), and where their logs are. Said, never a silent hole (decision record 113).
     */
    static String notFollowedNotice(List<String> left, int limit) {
        int shown = Math.min(5, left.size());
        String names = String.join(", ", left.subList(0, shown)) + (left.size() > shown ? " and " + (left.size() - shown)
                + " more" : "");
        return String.format("following %d of %d services: one pane follows at most %d (each is a stream, and the agent"
                + " serves a limited number in all); not followed: %s. Open a service's own log to read one of them",
                limit, limit + left.size(), limit, names);
    }

    /** The merged stream's reports: rows tagged with their service's source number, header state for all of them. */
    private final class MergedRelay implements DeploymentLogStream.Listener {
        private final LogPane pane;
        private final LogFeed feed;
        private final Map<String, Integer> sources = new ConcurrentHashMap<>();
        private final Map<String, StreamState> states = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger(1);

        MergedRelay(LogPane pane) {
            this.pane = pane;
            this.feed = new LogFeed(pane.batcher()::add, pane.batcher()::addAll, clock);
        }

        private int source(String service) {
            return sources.computeIfAbsent(service, s -> next.getAndIncrement());
        }

        @Override
        public void onServiceAdded(String service, boolean again) {
            int source = source(service);
            ui.run(() -> pane.model().addSource(source, service));
            if (again) {
                feed.note(source, service + " is in the deployment again; following it from its newest line");
            }
        }

        @Override
        public void onNotFollowed(List<String> left, int limit) {
            if (!left.isEmpty()) {
                feed.note(0, notFollowedNotice(left, limit));
            }
        }

        @Override
        public void onServiceRemoved(String service) {
            int source = source(service);
            states.remove(service);
            feed.note(source, service + " left the deployment; its lines stay here");
            ui.run(() -> pane.model().sources().stream().filter(s -> s.index() == source)
                    .forEach(s -> s.goneProperty().set(true)));
        }

        @Override
        public void onLine(String service, Line line) {
            feed.line(source(service), line);
        }

        @Override
        public void onGap(String service, long from, long to) {
            feed.gap(source(service), from, to);
        }

        @Override
        public void onNewEpoch(String service, String epoch) {
            feed.newEpoch(source(service), epoch);
        }

        @Override
        public void onState(String service, StreamState state) {
            feed.state(source(service), state);
            states.put(service, state);
            StreamState all = overall();
            ui.run(() -> pane.model().streamChanged(all));
        }

        /** The header's one state: the worst of the services' (a retry, then connecting, a refused token, else live). */
        private StreamState overall() {
            StreamState connecting = null;
            StreamState refused = null;
            boolean live = false;
            for (StreamState s : states.values()) {
                if (s instanceof StreamState.WaitingToRetry) {
                    return s;
                } else if (s instanceof StreamState.Connecting) {
                    connecting = s;
                } else if (s instanceof StreamState.Stopped stopped && stopped.refused()) {
                    refused = s;
                } else if (s instanceof StreamState.Live) {
                    live = true;
                }
            }
            return connecting != null ? connecting : refused != null ? refused : live ? new StreamState.Live()
                    : new StreamState.Stopped(StreamState.StopReason.CLOSED, "no service followed");
        }
    }

    /** What either kind of stream reports, turned into rows (through the feed) and header state (on the UI thread). */
    private final class Relay implements JobLogStream.Listener, ServiceLogStream.Listener {
        private final LogPane pane;
        private final LogFeed feed;

        Relay(LogPane pane) {
            this.pane = pane;
            this.feed = new LogFeed(pane.batcher()::add, pane.batcher()::addAll, clock);
        }

        @Override
        public void onLine(Line line) {
            feed.line(line);
        }

        @Override
        public void onLines(List<Line> lines) {
            feed.lines(lines);
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
        FrameBatcher<LogEntry> batcher = rowBatcher(frames, view.pulseBudget(), model::accept);
        return new LogPane(key, model, view, batcher);
    }

    /**
     * The per-frame hand-off between a pane's stream and its model (public: the benchmark measures this one). The
     * estimate of {@link #ROWS_BUDGET} sizes a frame where the UI thread waits for a core; {@code pulse}, shared with the
     * pane's row view ({@link LogPaneView#pulseBudget}), ends it when the pulse's wall-clock share for taking rows in is
     * gone, whatever the estimate said (decision records 65, 121 and 143).
     */
    public static FrameBatcher<LogEntry> rowBatcher(FrameClock frames, PulseBudget pulse, Consumer<List<LogEntry>> sink) {
        return FrameBatcher.timed(frames, ROWS_BUDGET, ThreadCpuClock.currentThread(), pulse, sink);
    }
}
