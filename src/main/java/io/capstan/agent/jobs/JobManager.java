package io.capstan.agent.jobs;

import io.capstan.agent.AgentConfig;
import io.capstan.agent.audit.AuditLog;
import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.logs.LineLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.TargetName;
import io.capstan.protocol.Timestamps;
import io.capstan.protocol.WireNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions as jobs: one thread per job, locks per target, a timeout per action, a terminal status
 * exactly once on every path, output and metadata persisted under the state directory.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final int LOADED_FINISHED_LOGS = 16;
    /**
     * Estimated heap bytes of finished jobs' cached lines together, at most: the launchers bound the heap (decision
     * record 37), and 16 finished jobs of long lines could otherwise cache 16 x {@link #TAIL_BYTES}. A finished log
     * let go is read from its files (decision record 55).
     */
    private static final long LOADED_FINISHED_BYTES = 24L << 20;
    /**
     * Estimated heap bytes of one job's newest lines held in memory, at most: a cache for readers that keep up
     * (10,000 lines of 100 bytes fit; 128 long lines do); readers behind it read the job's files.
     */
    static final long TAIL_BYTES = 8L << 20;

    /** Told of every job change (created, started, ended) and of the deployment it touched. */
    public interface Listener {
        void jobChanged(Job job);

        void deploymentTouched(String deployment);
    }

    private final AgentConfig config;
    private final JobStore store;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> deploymentLocks = new HashMap<>();
    private final Map<TargetName, String> serviceLocks = new HashMap<>();
    /** Deployments whose changed definition is being applied: no job may start on them meanwhile. */
    private final java.util.Set<String> changing = new java.util.HashSet<>();
    private final ArrayDeque<JobRecord> loadedFinished = new ArrayDeque<>();
    private final ScheduledExecutorService timers;

    public JobManager(AgentConfig config, Clock clock, Listener listener) {
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.store = new JobStore(config.stateDir());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-job-timers");
            t.setDaemon(true);
            return t;
        });
        loadHistory();
    }

    /**
     * A job's log: its files are the retention, memory a cache of the newest lines (bounded in lines and bytes); a
     * reader behind the cache reads the files (decision record 55). No head is held in memory: the files keep it.
     */
    private LineLog newLog(JobOutput writer, JobFiles files) {
        return new LineLog(0, config.tailLines(), TAIL_BYTES, config.lineMaxBytes(), writer, files, clock);
    }

    private JobOutput openOutput(String id, JobFiles files) {
        return store.openLog(id, config.jobOutputLimit(), config.headLines(), files);
    }

    private void loadHistory() {
        List<Job> all = store.loadAll();
        all.sort(Comparator.comparing(Job::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Job::id).reversed());
        Instant cutoff = clock.instant().minus(config.jobHistoryAge());
        int kept = 0;
        for (Job j : all) {
            boolean keep = kept < config.jobHistory() || (j.createdAt() != null && j.createdAt().isAfter(cutoff));
            if (!keep) {
                store.delete(j.id());
                continue;
            }
            kept++;
            JobRecord r = new JobRecord(j);
            if (!j.status().isTerminal()) {
                r.status = JobStatus.INTERRUPTED;
                r.error = "the agent stopped while the job ran";
                JobFiles files = store.files(r.id);
                // The job is known to have run until its last stored line, not until this restart: ending it now
                // would count the whole outage as the job's duration.
                long lastSeq = files.lastSeq();
                List<Line> last = lastSeq > 0 ? files.read(lastSeq - 1, lastSeq, 1) : List.of();
                Instant lastSign = !last.isEmpty() && last.get(0).ts() != null ? last.get(0).ts()
                        : j.startedAt() != null ? j.startedAt() : j.createdAt();
                r.finishedAt = lastSign != null ? lastSign : now();
                r.writer = openOutput(r.id, files);
                try (JobOutput w = r.writer) {
                    LineLog writable = newLog(w, files);
                    writable.restoreCount(Math.max(j.lines(), lastSeq));
                    // What the job was running when the agent died runs on without it: stop it before anything
                    // (the next rebuild) could start a second copy beside it.
                    for (String line : JobProcesses.stopLeftovers(store.dir(), r.id, config.cancelGrace())) {
                        writable.append(LineStream.SYSTEM, line);
                    }
                    writable.append(LineStream.SYSTEM, "interrupted: " + r.error);
                    writable.close();
                    r.log = writable;
                }
                r.finished.set(true);
                saveQuietly(r);
                AuditLog.ended(r.snapshot());
            } else {
                r.finished.set(true);
            }
            jobs.put(r.id, r);
        }
    }

    private Instant now() {
        return Timestamps.millis(clock.instant());
    }

    private LineLog loadLog(JobRecord r) {
        JobFiles files = store.files(r.id);
        LineLog log = newLog(null, files);
        log.restoreCount(Math.max(r.storedLines, files.lastSeq()));
        log.close();
        return log;
    }

    /** Starts a job the agent itself asks for ({@link Job#AGENT}). */
    public Job submit(DeploymentRuntime runtime, String service, Action action) throws BusyException {
        return submit(runtime, service, action, Job.AGENT);
    }

    /**
     * Starts a job on behalf of {@code who} (the name of the token that asked); refused with {@link BusyException} when
     * the target overlaps a running job.
     */
    public Job submit(DeploymentRuntime runtime, String service, Action action, String who) throws BusyException {
        String d = runtime.name();
        TargetName target = TargetName.of(d, service);
        JobRecord r;
        synchronized (deploymentLocks) {
            if (changing.contains(d)) {
                throw new BusyException(d + " is being reopened: its definition changed; try again in a moment", null);
            }
            String holder = deploymentLocks.get(d);
            if (holder == null) {
                if (service == null) {
                    for (Map.Entry<TargetName, String> e : serviceLocks.entrySet()) {
                        if (target.covers(e.getKey())) {
                            holder = e.getValue();
                            break;
                        }
                    }
                } else {
                    holder = serviceLocks.get(target);
                }
            }
            if (holder != null) {
                throw new BusyException(target.label() + " is busy with job " + holder, holder);
            }
            Instant created = now();
            r = new JobRecord(JobIds.next(created.toEpochMilli()), d, service, action, created, who);
            JobFiles files = new JobFiles(r.id);
            r.writer = openOutput(r.id, files);
            r.log = newLog(r.writer, files);
            r.processes = new JobProcesses(store.dir(), r.id);
            if (service == null) {
                deploymentLocks.put(d, r.id);
            } else {
                serviceLocks.put(target, r.id);
            }
            jobs.put(r.id, r);
        }
        record(r);
        Job created = r.snapshot();
        AuditLog.accepted(created);
        listener.jobChanged(created);
        listener.deploymentTouched(d);
        Thread t = new Thread(() -> run(r, runtime), "capstan-job-" + r.id);
        t.setDaemon(true);
        t.start();
        return created;
    }

    private void run(JobRecord r, DeploymentRuntime runtime) {
        synchronized (r) {
            r.thread = Thread.currentThread();
            if (r.cancelRequested) {
                r.thread = null;
                finish(r, JobStatus.CANCELED, "canceled before it started", null);
                return;
            }
            r.status = JobStatus.RUNNING;
            r.startedAt = now();
        }
        try {
            saveQuietly(r);
            listener.jobChanged(r.snapshot());
            Duration timeout = config.actionTimeout();
            r.timeoutTask = timers.schedule(() -> timeout(r), timeout.toMillis(), TimeUnit.MILLISECONDS);
            r.log.system(r.action.wire() + " " + r.target().label());
            runtime.perform(r.action, r.service, new JobSink(r.log, r.processes));
            finish(r, JobStatus.SUCCEEDED, null, null);
        } catch (ActionFailedException e) {
            endAbnormally(r, e.getMessage(), e.exitCode());
        } catch (InterruptedException e) {
            endAbnormally(r, null, null);
        } catch (Throwable e) {
            LOG.warn("job {} failed unexpectedly", r.id, e);
            endAbnormally(r, "internal error: " + e, null);
        } finally {
            synchronized (r) {
                r.thread = null;
                Thread.interrupted();
            }
        }
    }

    private void endAbnormally(JobRecord r, String failure, Integer exitCode) {
        if (r.timedOut) {
            finish(r, JobStatus.FAILED, timeoutMessage(), exitCode);
        } else if (r.cancelRequested) {
            finish(r, JobStatus.CANCELED, r.cancelReason != null ? "canceled: " + r.cancelReason : "canceled", exitCode);
        } else if (failure != null) {
            finish(r, JobStatus.FAILED, failure, exitCode);
        } else {
            finish(r, JobStatus.INTERRUPTED, "the agent stopped while the job ran", null);
        }
    }

    private String timeoutMessage() {
        return "timed out after " + human(config.actionTimeout());
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) return (ms / 60_000) + " min";
        if (ms % 1000 == 0) return (ms / 1000) + " s";
        return ms + " ms";
    }

    private void timeout(JobRecord r) {
        if (r.finished.get()) return;
        r.timedOut = true;
        interrupt(r);
        timers.schedule(() -> finish(r, JobStatus.FAILED, timeoutMessage() + "; the action did not stop within "
                + human(config.cancelGrace()), null), config.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void interrupt(JobRecord r) {
        synchronized (r) {
            if (r.thread != null) r.thread.interrupt();
        }
    }

    /**
     * Asks a job to stop. Empty when the job is unknown; the job as it is now otherwise.
     *
     * @throws IllegalStateException when the job already ended
     */
    public Optional<Job> cancel(String id) {
        return cancel(id, null);
    }

    /**
     * As {@link #cancel(String)}, asked by {@code who} (a token's name; null when the agent cancels on its own), which
     * the job records as {@code canceledBy} and the audit log says.
     */
    public Optional<Job> cancel(String id, String who) {
        JobRecord r = jobs.get(id);
        if (r == null) return Optional.empty();
        if (r.finished.get()) throw new IllegalStateException("job " + id + " already ended (" + WireNames.of(r.status) + ")");
        synchronized (r) {
            r.cancelRequested = true;
            if (who != null && r.canceledBy == null) r.canceledBy = who;
            if (r.thread != null) r.thread.interrupt();
        }
        if (who != null) AuditLog.cancelRequested(who, r.snapshot(), now());
        timers.schedule(() -> finish(r, JobStatus.CANCELED, "canceled; the action did not stop within "
                + human(config.cancelGrace()), null), config.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(r.snapshot());
    }

    /**
     * Cancels every unfinished job on {@code deployment}, each ending {@code canceled: <reason>}: its deployment is
     * gone (folder removed or renamed), so nothing it would go on to do could be seen or stopped.
     */
    public void cancelAll(String deployment, String reason) {
        for (JobRecord r : jobs.values()) {
            if (!deployment.equals(r.deployment) || r.finished.get()) continue;
            r.cancelReason = reason;
            try {
                cancel(r.id);
            } catch (IllegalStateException ended) {
                // It ended meanwhile: nothing to cancel.
            }
        }
    }

    /**
     * Writes a new job's record, or undoes the job (lock, listing, files) and refuses it: a job the agent cannot
     * record would be forgotten or misreported after a restart, and a job that never runs must not hold the lock.
     */
    private void record(JobRecord r) {
        try {
            store.saveMeta(r.snapshot());
        } catch (RuntimeException e) {
            synchronized (deploymentLocks) {
                release(r);
                jobs.remove(r.id, r);
            }
            r.writer.close();
            try {
                store.delete(r.id);
            } catch (RuntimeException cleanup) {
                LOG.debug("job {}: nothing to clean up: {}", r.id, cleanup.toString());
            }
            String reason = reason(e);
            LOG.warn("refused {} {}: its job could not be recorded ({})", r.action.wire(),
                    r.target().label(), reason);
            throw new JobNotRecordedException("the job could not be recorded in the agent's state folder: " + reason, e);
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Saves the record; a failure (a full disk) is logged in one line, and the store writes it later. */
    private void saveQuietly(JobRecord r) {
        try {
            store.saveMeta(r.snapshot());
        } catch (RuntimeException e) {
            LOG.warn("job {}: its record could not be written ({}); it is written when space returns", r.id, reason(e));
        }
    }

    /** The one place a job ends: the first caller wins, later calls do nothing. */
    private void finish(JobRecord r, JobStatus status, String error, Integer exitCode) {
        if (!r.finished.compareAndSet(false, true)) return;
        if (r.timeoutTask != null) r.timeoutTask.cancel(false);
        String lost = r.writer.failure();
        if (lost != null) {
            // Output that could not be stored fails the job: its record would otherwise claim a complete log.
            String why = "output could not be stored (" + lost + "): " + r.writer.lost() + " lines lost";
            error = status == JobStatus.SUCCEEDED || error == null ? why : error + "; " + why;
            if (status == JobStatus.SUCCEEDED) status = JobStatus.FAILED;
        }
        try {
            String text = switch (status) {
                case SUCCEEDED -> "succeeded";
                case CANCELED -> error == null ? "canceled" : error;
                default -> WireNames.of(status) + ": " + error;
            };
            if (exitCode != null) r.log.system("exit code " + exitCode);
            r.log.system(text);
        } catch (RuntimeException e) {
            LOG.warn("could not write the last line of job {}", r.id, e);
        }
        // The target is released before anything can tell that the job ended (its status, the end of its
        // streams, the job event): a client that acts on the end must never find the target still held.
        release(r);
        synchronized (r) {
            r.status = status;
            r.error = status == JobStatus.SUCCEEDED ? null : error;
            r.exitCode = exitCode;
            r.finishedAt = now();
        }
        r.log.close();
        if (r.processes != null) r.processes.finish();
        try {
            r.writer.close();
        } catch (RuntimeException e) {
            LOG.warn("could not close the output of job {}", r.id, e);
        }
        saveQuietly(r);
        synchronized (deploymentLocks) {
            loadedFinished.addLast(r);
            trimLoaded();
        }
        Job ended = r.snapshot();
        AuditLog.ended(ended);
        listener.jobChanged(ended);
        listener.deploymentTouched(r.deployment);
        prune();
    }

    private void release(JobRecord r) {
        synchronized (deploymentLocks) {
            if (r.service == null) {
                deploymentLocks.remove(r.deployment, r.id);
            } else {
                serviceLocks.remove(r.target(), r.id);
            }
        }
    }

    /** Unloads the oldest loaded finished logs beyond the count or the line budget; caller holds the lock map. */
    private void trimLoaded() {
        long held = 0;
        for (JobRecord r : loadedFinished) held += r.heldBytes();
        while (loadedFinished.size() > 1 && (loadedFinished.size() > LOADED_FINISHED_LOGS || held > LOADED_FINISHED_BYTES)) {
            JobRecord oldest = loadedFinished.removeFirst();
            held -= oldest.heldBytes();
            oldest.unload();
        }
    }

    /** Forgets finished jobs beyond the history limit that are also older than the history age. */
    private void prune() {
        List<JobRecord> rs = new ArrayList<>(jobs.values());
        if (rs.size() <= config.jobHistory()) return;
        rs.sort(Comparator.comparing((JobRecord r) -> r.id).reversed());
        Instant cutoff = clock.instant().minus(config.jobHistoryAge());
        for (int i = config.jobHistory(); i < rs.size(); i++) {
            JobRecord r = rs.get(i);
            if (!r.finished.get() || r.createdAt == null || r.createdAt.isAfter(cutoff)) continue;
            if (jobs.remove(r.id, r)) {
                try {
                    store.delete(r.id);
                } catch (RuntimeException e) {
                    LOG.warn("could not delete job {}", r.id, e);
                }
            }
        }
    }

    public Optional<Job> find(String id) {
        JobRecord r = id == null ? null : jobs.get(id);
        return r == null ? Optional.empty() : Optional.of(r.snapshot());
    }

    /** The job's output; loaded from disk when it is not in memory. */
    public Optional<LineLog> log(String id) {
        JobRecord r = id == null ? null : jobs.get(id);
        if (r == null) return Optional.empty();
        return Optional.of(r.log());
    }

    /** Newest first. */
    public List<Job> list(String deployment, String service, int limit) {
        List<JobRecord> rs = new ArrayList<>(jobs.values());
        rs.sort(Comparator.comparing((JobRecord r) -> r.id).reversed());
        List<Job> out = new ArrayList<>();
        for (JobRecord r : rs) {
            if (out.size() >= limit) break;
            if (deployment != null && !deployment.equals(r.deployment)) continue;
            if (service != null && !service.equals(r.service)) continue;
            out.add(r.snapshot());
        }
        return out;
    }

    /**
     * Reserves a deployment while its changed definition is applied, if no job holds it or one of its services; new
     * jobs on it are refused until {@link #changeApplied}. False (nothing reserved) while a job holds it: the job
     * finishes against the definition it started with.
     */
    public boolean applyingChange(String deployment) {
        synchronized (deploymentLocks) {
            if (deploymentLocks.containsKey(deployment)) return false;
            for (TargetName t : serviceLocks.keySet()) {
                if (t.deployment().equals(deployment)) return false;
            }
            return changing.add(deployment);
        }
    }

    public void changeApplied(String deployment) {
        synchronized (deploymentLocks) {
            changing.remove(deployment);
        }
    }

    /** The job holding the whole deployment, or null. */
    public String deploymentHolder(String deployment) {
        synchronized (deploymentLocks) {
            return deploymentLocks.get(deployment);
        }
    }

    /** The job holding a service (itself or through its deployment), or null. */
    public String serviceHolder(String deployment, String service) {
        synchronized (deploymentLocks) {
            String s = serviceLocks.get(TargetName.of(deployment, service));
            return s != null ? s : deploymentLocks.get(deployment);
        }
    }

    /** Interrupts running jobs (they end as interrupted) and waits a little for them. */
    @Override
    public void close() {
        List<JobRecord> running = jobs.values().stream().filter(r -> !r.finished.get()).toList();
        for (JobRecord r : running) interrupt(r);
        long deadline = System.nanoTime() + config.cancelGrace().toNanos();
        for (JobRecord r : running) {
            Thread t;
            synchronized (r) {
                t = r.thread;
            }
            if (t == null) continue;
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        int unsaved = store.writeUnsaved();
        if (unsaved > 0) LOG.warn("{} job records could not be written (no space in the state folder)", unsaved);
    }

    private final class JobRecord {
        final String id;
        final String deployment;
        final String service;
        final Action action;
        final Instant createdAt;
        final String startedBy;
        volatile String canceledBy;
        final AtomicBoolean finished = new AtomicBoolean();
        volatile JobStatus status;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile Integer exitCode;
        volatile String error;
        volatile LineLog log;
        volatile long storedLines;
        volatile long storedDropped;
        JobOutput writer;
        Thread thread;
        volatile boolean cancelRequested;
        volatile String cancelReason;
        JobProcesses processes;
        volatile boolean timedOut;
        volatile ScheduledFuture<?> timeoutTask;

        JobRecord(String id, String deployment, String service, Action action, Instant createdAt, String startedBy) {
            this.startedBy = startedBy;
            this.id = id;
            this.deployment = deployment;
            this.service = service;
            this.action = action;
            this.createdAt = createdAt;
            this.status = JobStatus.QUEUED;
        }

        /** What it acts on (and locks). */
        TargetName target() {
            return TargetName.of(deployment, service);
        }

        JobRecord(Job j) {
            this(j.id(), j.deployment(), j.service(), j.action(), j.createdAt(), j.startedBy());
            canceledBy = j.canceledBy();
            status = j.status();
            startedAt = j.startedAt();
            finishedAt = j.finishedAt();
            exitCode = j.exitCode();
            error = j.error();
            storedLines = j.lines();
            storedDropped = j.droppedLines();
        }

        synchronized LineLog log() {
            LineLog l = log;
            if (l == null) {
                l = loadLog(this);
                log = l;
                synchronized (deploymentLocks) {
                    loadedFinished.addLast(this);
                    trimLoaded();
                }
            }
            return l;
        }

        long heldBytes() {
            LineLog l = log;
            return l == null ? 0 : l.inMemoryBytes();
        }

        void unload() {
            if (!finished.get()) return;
            LineLog l = log;
            if (l != null) {
                storedLines = l.lastSeq();
                storedDropped = l.dropped();
            }
            log = null;
        }

        Job snapshot() {
            LineLog l = log;
            long lines = l == null ? storedLines : l.lastSeq();
            long dropped = l == null ? storedDropped : l.dropped();
            return new Job(id, deployment, service, action, status, createdAt, startedAt, finishedAt, exitCode, error,
                    lines, dropped, startedBy, canceledBy);
        }
    }
}
