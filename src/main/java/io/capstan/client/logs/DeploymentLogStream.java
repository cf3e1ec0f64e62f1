package io.capstan.client.logs;

import io.capstan.client.AgentClient;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every service's runtime log of one deployment at once, interleaved by time: one {@link ServiceLogStream} per
 * service (each resumable and exactly-once on its own: its own cursor, its own reconnects), merged on the client by
 * {@link LineMerge} with a small reorder window (decision record 90). The set of services can change while it runs
 * ({@link #follow}): a new service is opened, a removed one closed. A service seen before and opened again (the
 * deployment's definition dropped and restored it) starts at its newest line, so nothing it showed comes twice.
 *
 * <p>Threads: lines arrive on OkHttp threads and wait in the merge; they leave it, in time order, on whichever thread
 * finds them due (a reader, or this stream's scheduler thread, which looks every quarter window). Listener calls never
 * overlap and keep their order; they must not block. Close with {@link #close()}; it does not close the client.
 */
public final class DeploymentLogStream implements AutoCloseable {

    /** The default reorder window: short enough to read as live, long enough for a slower stream to catch up. */
    public static final Duration WINDOW = Duration.ofMillis(400);
    /** How long a service that cannot connect holds the others back at most. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(5);
    /** Lines held at most before the oldest go out regardless of the window. */
    static final int CAP = 20_000;
    /**
     * Services followed at most by one stream of these (one connection each). The agent serves 256 streams in all,
     * shared with every other pane and client: a deployment of 300 services would take them all and then some, and
     * the streams past the agent's limit would only retry. The services past this are said, not silently dropped.
     */
    public static final int MAX_SERVICES = 48;

    /** Receives the merged log, one call at a time, in order. Must not block. */
    public interface Listener {
        void onLine(String service, Line line);

        /** Lines {@code from..to} of {@code service} are not kept by the agent any more. */
        default void onGap(String service, long from, long to) {
        }

        /** The agent restarted: {@code service}'s numbers start again. */
        default void onNewEpoch(String service, String epoch) {
        }

        /** The connection state of one service's stream. */
        default void onState(String service, StreamState state) {
        }

        /** {@code service} joined ({@code again}: it had left before) or left the deployment. */
        default void onServiceAdded(String service, boolean again) {
        }

        default void onServiceRemoved(String service) {
        }

        /**
         * More services than {@code limit} were asked for: {@code left} (in the deployment's order) are not followed.
         * Called by each {@link #follow} that leaves some out, with the ones left out then (empty once all fit).
         */
        default void onNotFollowed(List<String> left, int limit) {
        }
    }

    private final AgentClient client;
    private final String deployment;
    private final int tail;
    private final Listener listener;
    private final Duration silence;
    private final Function<Clock, Backoff> backoffs;
    private final Scheduler scheduler;
    private final ExecutorScheduler ownedScheduler;
    private final Duration window;
    private final LineMerge merge;
    private final Map<String, ServiceLogStream> streams = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final int limit;
    private List<String> notFollowed = List.of();
    private Scheduler.Cancellable ticking;
    private boolean closed;

    public DeploymentLogStream(AgentClient client, String deployment, int tail, Listener listener) {
        this(client, deployment, tail, WINDOW, listener, AgentClient.HEARTBEAT_WINDOW, null, null, MAX_SERVICES);
    }

    public DeploymentLogStream(AgentClient client, String deployment, int tail, Duration window, Listener listener,
                               Duration silence, Scheduler scheduler, Function<Clock, Backoff> backoffs) {
        this(client, deployment, tail, window, listener, silence, scheduler, backoffs, MAX_SERVICES);
    }

    /**
     * @param window    the reorder window ({@link #WINDOW}); a test on a loaded machine may want a longer one
     * @param scheduler null: one of its own, closed with this stream; shared by the per-service streams
     * @param backoffs  null: the standard backoff for each service's stream
     * @param limit     services followed at most ({@link #MAX_SERVICES})
     */
    public DeploymentLogStream(AgentClient client, String deployment, int tail, Duration window, Listener listener,
                               Duration silence, Scheduler scheduler, Function<Clock, Backoff> backoffs, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit);
        this.limit = limit;
        this.client = Objects.requireNonNull(client);
        this.deployment = Objects.requireNonNull(deployment);
        this.tail = tail;
        this.listener = Objects.requireNonNull(listener);
        this.silence = Objects.requireNonNull(silence);
        this.window = Objects.requireNonNull(window);
        this.ownedScheduler = scheduler == null ? new ExecutorScheduler("capstan-deplog-" + deployment) : null;
        this.scheduler = scheduler == null ? ownedScheduler : scheduler;
        this.backoffs = backoffs;
        this.merge = new LineMerge(window, MAX_HOLD.compareTo(window) > 0 ? MAX_HOLD : window.multipliedBy(4), CAP,
                new LineMerge.Out() {
                    @Override
                    public void line(String service, Line line) {
                        listener.onLine(service, line);
                    }

                    @Override
                    public void gap(String service, long from, long to) {
                        listener.onGap(service, from, to);
                    }

                    @Override
                    public void newEpoch(String service, String epoch) {
                        listener.onNewEpoch(service, epoch);
                    }

                    @Override
                    public void state(String service, StreamState state) {
                        listener.onState(service, state);
                    }
                });
    }

    public String deployment() {
        return deployment;
    }

    /**
     * Follows exactly these services from now on: opens those it does not follow yet, closes those not listed. Call
     * from any thread; the first call starts the stream.
     */
    public void follow(Collection<String> services) {
        Set<String> asked = new LinkedHashSet<>(services);
        // Those followed already keep their streams; new ones fill what is left of the limit, in the order given.
        Set<String> wanted = new LinkedHashSet<>();
        List<String> left = new ArrayList<>();
        List<ServiceLogStream> toClose = new ArrayList<>();
        List<ServiceLogStream> toStart = new ArrayList<>();
        boolean sayLeft;
        synchronized (this) {
            if (closed) return;
            for (String service : asked) {
                if (streams.containsKey(service)) wanted.add(service);
            }
            for (String service : asked) {
                if (wanted.contains(service)) continue;
                if (wanted.size() < limit) {
                    wanted.add(service);
                } else {
                    left.add(service);
                }
            }
            sayLeft = !left.equals(notFollowed);
            notFollowed = List.copyOf(left);
            for (String gone : Set.copyOf(streams.keySet())) {
                if (!wanted.contains(gone)) {
                    toClose.add(streams.remove(gone));
                    merge.removeSource(gone);
                    listener.onServiceRemoved(gone);
                }
            }
            for (String service : wanted) {
                if (!streams.containsKey(service)) toStart.add(open(service));
            }
            if (ticking == null) tick();
        }
        // Outside the lock: a stream reports its state under its own lock and then takes this one, never the reverse.
        toClose.forEach(ServiceLogStream::close);
        if (sayLeft) listener.onNotFollowed(List.copyOf(left), limit);
        toStart.forEach(ServiceLogStream::start);
    }

    /** The services asked for but not followed, past the limit; empty when all fit. */
    public synchronized List<String> notFollowed() {
        return notFollowed;
    }

    private ServiceLogStream open(String service) {
        boolean again = !seen.add(service);
        merge.addSource(service, now());
        listener.onServiceAdded(service, again);
        ServiceLogStream stream = new ServiceLogStream(client, deployment, service, again ? 0 : tail, new Source(service),
                silence, scheduler, backoffs == null ? null : backoffs.apply(scheduler.clock()));
        streams.put(service, stream);
        return stream;
    }

    /** The services followed now, in the order they were added. */
    public synchronized Set<String> services() {
        return Set.copyOf(streams.keySet());
    }

    /** Skips every waiting service stream's backoff. */
    public void reconnectNow() {
        List<ServiceLogStream> all;
        synchronized (this) {
            all = List.copyOf(streams.values());
        }
        all.forEach(ServiceLogStream::reconnectNow);
    }

    /** Lets out what is held (used when the caller stops and wants every line it received). */
    public synchronized void flush() {
        merge.drain(Long.MAX_VALUE / 2);
    }

    @Override
    public void close() {
        List<ServiceLogStream> all;
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (ticking != null) ticking.cancel();
            all = List.copyOf(streams.values());
            streams.clear();
        }
        all.forEach(ServiceLogStream::close);
        if (ownedScheduler != null) ownedScheduler.close();
    }

    private synchronized void tick() {
        if (closed) return;
        merge.drain(now());
        ticking = scheduler.schedule(window.dividedBy(4), this::tick);
    }

    private long now() {
        return scheduler.clock().millis();
    }

    /** One service's stream feeding the merge. */
    private final class Source implements ServiceLogStream.Listener {
        private final String service;

        Source(String service) {
            this.service = service;
        }

        @Override
        public void onLine(Line line) {
            synchronized (DeploymentLogStream.this) {
                if (closed) return;
                merge.line(service, line, now());
                merge.drain(now());
            }
        }

        @Override
        public void onGap(long from, long to) {
            synchronized (DeploymentLogStream.this) {
                if (closed) return;
                merge.gap(service, from, to, now());
            }
        }

        @Override
        public void onNewEpoch(String epoch) {
            synchronized (DeploymentLogStream.this) {
                if (closed) return;
                merge.newEpoch(service, epoch, now());
            }
        }

        @Override
        public void onState(StreamState state) {
            synchronized (DeploymentLogStream.this) {
                if (closed) return;
                merge.state(service, state, now());
                merge.drain(now());
            }
        }
    }
}
