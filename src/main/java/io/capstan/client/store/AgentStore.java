package io.capstan.client.store;

import io.capstan.client.AgentClient;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * What one agent shows: its deployments and recent jobs, kept current from list snapshots and the event stream.
 * Feed it the subscription's callbacks (it is an {@link EventSubscription.Listener}).
 *
 * <ul>
 *   <li>Snapshots and events are ordered by {@code seq}: a snapshot older than the one shown, or one that
 *       predates the last non-resumed hello, is discarded (rows 9, 10); a snapshot from before an epoch change is
 *       discarded by generation; events that arrived while a fetch was in flight are replayed on top of its
 *       snapshot, so nothing the stream said is lost (row 7).</li>
 *   <li>It refetches (through a {@link RefreshCoalescer}, rows 7, 8, 11) on {@code hello} with
 *       {@code resumed=false} and on every hello after the stream was down, and polls every {@code pollEvery}
 *       (15 s) while the stream is down.</li>
 * </ul>
 *
 * <p>It closes nothing but its own poll; the subscription and the client belong to whoever created them.
 */
public final class AgentStore implements EventSubscription.Listener, AutoCloseable {
    public static final Duration POLL_EVERY = Duration.ofSeconds(15);
    private static final int MAX_BUFFERED_EVENTS = 10_000;

    /** An immutable view of the store. {@code seq} is the last event reflected; {@code live} is the stream's. */
    public record Snapshot(long seq, List<Deployment> deployments, List<Job> jobs, boolean live) {
        public Snapshot {
            deployments = List.copyOf(deployments);
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * Told after every change, with the whole new snapshot. Called on the thread that caused the change (an
     * OkHttp thread finishing a fetch or reading the stream, or the scheduler's thread), never concurrently, in
     * order. Must be quick and must not block; a UI hands the snapshot to its UI thread.
     */
    public interface Listener {
        void onChange(Snapshot snapshot);
    }

    /** Where snapshots come from; {@link #of(AgentClient)} for a real agent. */
    public interface Source {
        CompletionStage<Messages.DeploymentList> deployments();

        CompletionStage<List<Job>> jobs();

        static Source of(AgentClient client) {
            return new Source() {
                @Override
                public CompletionStage<Messages.DeploymentList> deployments() {
                    return client.deploymentsAsync();
                }

                @Override
                public CompletionStage<List<Job>> jobs() {
                    return client.jobsAsync(null, null, 100);
                }
            };
        }
    }

    private final Source source;
    private final Scheduler scheduler;
    private final Duration pollEvery;
    private final Listener listener;
    private final RefreshCoalescer coalescer;
    private final Object lock = new Object();
    private final Object notifyLock = new Object();
    private final Map<String, Deployment> deployments = new TreeMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<Messages.AgentEvent> buffered = new ArrayList<>();
    private long seq = -1;
    private long snapshotSeq = -1;
    private long minSnapshotSeq = -1;
    private long generation;
    private long version;
    private long delivered;
    private String epoch;
    private boolean live;
    private boolean down = true;
    private boolean closed;
    private Scheduler.Cancellable poll;

    public AgentStore(Source source, Scheduler scheduler, Listener listener) {
        this(source, scheduler, POLL_EVERY, listener);
    }

    public AgentStore(Source source, Scheduler scheduler, Duration pollEvery, Listener listener) {
        this.source = Objects.requireNonNull(source);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.pollEvery = Objects.requireNonNull(pollEvery);
        this.listener = Objects.requireNonNull(listener);
        this.coalescer = new RefreshCoalescer(this::fetch);
    }

    /** Asks for a refetch (coalesced). */
    public void refresh() {
        coalescer.request();
    }

    public long fetchesStarted() {
        return coalescer.fetchesStarted();
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private CompletionStage<?> fetch() {
        long gen;
        synchronized (lock) {
            if (closed) return null;
            gen = generation;
        }
        CompletionStage<List<Job>> jobList = source.jobs();
        return source.deployments().thenCombine(jobList, (list, js) -> {
            applySnapshot(gen, list, js);
            return list;
        });
    }

    /** Applies a fetched snapshot unless something newer is already shown. Package-private for tests. */
    void applySnapshot(long gen, Messages.DeploymentList list, List<Job> jobList) {
        synchronized (lock) {
            if (closed || gen != generation || list.seq() < snapshotSeq || list.seq() < minSnapshotSeq) return;
            deployments.clear();
            for (Deployment d : list.deployments()) deployments.put(d.name(), d);
            jobs.clear();
            for (Job j : jobList) jobs.put(j.id(), j);
            snapshotSeq = list.seq();
            seq = list.seq();
            List<Messages.AgentEvent> replay = new ArrayList<>(buffered);
            buffered.clear();
            for (Messages.AgentEvent e : replay) applyEventLocked(e);
            version++;
        }
        deliver();
    }

    /** The generation a fetch started now would carry; for tests of stale responses. */
    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    @Override
    public void onState(StreamState state) {
        boolean changed;
        synchronized (lock) {
            if (closed) return;
            boolean wasLive = live;
            if (state instanceof StreamState.Live) return; // live only counts once hello arrives
            live = false;
            down = true;
            if (state instanceof StreamState.Stopped) {
                cancelPollLocked();
            } else if (poll == null) {
                schedulePollLocked();
            }
            changed = wasLive;
            if (changed) version++;
        }
        if (changed) deliver();
    }

    @Override
    public void onHello(Messages.Hello hello) {
        boolean refetch;
        synchronized (lock) {
            if (closed) return;
            if (epoch != null && !epoch.equals(hello.epoch())) {
                generation++;
                seq = -1;
                snapshotSeq = -1;
                buffered.clear();
            }
            epoch = hello.epoch();
            if (!hello.resumed()) minSnapshotSeq = hello.seq();
            refetch = !hello.resumed() || down;
            down = false;
            live = true;
            cancelPollLocked();
            version++;
        }
        deliver();
        if (refetch) refresh();
    }

    /** A caller that hands the store one kind of event directly goes the same way as the stream's events. */
    @Override
    public void onDeployment(Messages.DeploymentEvent event) {
        onEvent(event);
    }

    @Override
    public void onDeploymentRemoved(Messages.DeploymentRemoved event) {
        onEvent(event);
    }

    @Override
    public void onJob(Messages.JobEvent event) {
        onEvent(event);
    }

    /** Applies an event of the stream in seq order (one already reflected is ignored). */
    @Override
    public void onEvent(Messages.AgentEvent event) {
        boolean overflow = false;
        synchronized (lock) {
            if (closed) return;
            if (applyEventLocked(event)) version++;
            if (coalescer.inFlight()) {
                buffered.add(event);
                if (buffered.size() > MAX_BUFFERED_EVENTS) {
                    buffered.clear();
                    overflow = true;
                }
            }
        }
        deliver();
        if (overflow) refresh();
    }

    private boolean applyEventLocked(Messages.AgentEvent event) {
        long s = event.seq();
        if (s <= seq) return false;
        if (event instanceof Messages.DeploymentEvent d) {
            deployments.put(d.deployment().name(), d.deployment());
        } else if (event instanceof Messages.DeploymentRemoved r) {
            deployments.remove(r.name());
        } else if (event instanceof Messages.JobEvent j) {
            jobs.put(j.job().id(), j.job());
        }
        seq = s;
        return true;
    }

    private void schedulePollLocked() {
        poll = scheduler.schedule(pollEvery, () -> {
            synchronized (lock) {
                if (closed || !down) return;
                schedulePollLocked();
            }
            refresh();
        });
    }

    private void cancelPollLocked() {
        if (poll != null) poll.cancel();
        poll = null;
    }

    private Snapshot snapshotLocked() {
        List<Job> js = new ArrayList<>(jobs.values());
        js.sort(Comparator.comparing(Job::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return new Snapshot(seq, new ArrayList<>(deployments.values()), js, live);
    }

    private void deliver() {
        synchronized (notifyLock) {
            Snapshot s;
            synchronized (lock) {
                if (version == delivered || closed) return;
                delivered = version;
                s = snapshotLocked();
            }
            listener.onChange(s);
        }
    }

    /** Stops polling and notifying. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            cancelPollLocked();
        }
    }
}
