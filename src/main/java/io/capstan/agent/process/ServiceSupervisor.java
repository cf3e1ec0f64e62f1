package io.capstan.agent.process;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceDetail;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.Timestamps;
import io.capstan.protocol.WireNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Supervises one service's process: starts it with its argument vector, pumps its output into the service
 * log, notices when it ends, and stops its whole process tree. Actions on one service are serialised by the
 * engine; this class still guards its state because the exit watcher runs on its own thread, and serialises
 * its own restarts (the {@link RestartPolicy}'s, on the pool) with the engine's actions through {@code actions}.
 * With a {@link HealthCheck}, a {@link HealthMonitor} probes each run and a start waits for its first verdict.
 */
final class ServiceSupervisor {
    private static final long PUMP_DRAIN_MILLIS = 2000;

    private final ProcessSpec.ServiceSpec spec;
    private final LineSink log;
    private final Runnable changed;
    private final Duration startGrace;
    private final PidFile pidFile;
    private final ScheduledExecutorService pool;
    private final HealthMonitor health;
    /** Held by a start, a stop and a policy's restart, so that only one of them forks or kills at a time. */
    private final ReentrantLock actions = new ReentrantLock();

    private ServiceStatus status = ServiceStatus.STOPPED;
    private Instant since = now();
    private Long pid;
    private Integer exitCode;
    private Process process;
    private boolean stopRequested;
    /** Set by {@link #close()}: a start after it would run a process that no route can see or stop. */
    private boolean closed;
    private CompletableFuture<Void> ended = CompletableFuture.completedFuture(null);
    /** Bumped by every operator's start and stop: a restart the policy scheduled before it no longer applies. */
    private long generation;
    /** True while a start job waits on the process: an exit then fails the job instead of calling for a restart. */
    private boolean jobStarting;
    private Instant startedAt;
    private Integer lastExitCode;
    private int restarts;
    private int crashesInRow;
    private boolean crashLooping;
    /** When the restart policy's pending restart is due, while {@code status} is {@code RESTARTING}; else null. */
    private Instant restartAt;
    private HealthMonitor.Run healthRun;
    /** CPU and memory of the running tree; touched by the agent's sampling thread only. */
    private final TreeUsage usage = new TreeUsage();
    /** The process {@link #usage} measured last, so a new process starts a new series of differences. */
    private Process sampled;

    ServiceSupervisor(ProcessSpec.ServiceSpec spec, LineSink log, Runnable changed, Duration startGrace, PidFile pidFile,
                      ScheduledExecutorService pool) {
        this.spec = spec;
        this.log = log;
        this.changed = changed;
        this.startGrace = startGrace;
        this.pidFile = pidFile;
        this.pool = pool;
        this.health = spec.health() == null ? null : new HealthMonitor(spec.health(), spec.workdir(), spec.env(), pool,
                java.time.Clock.systemUTC(), this::healthChanged);
    }

    /**
     * Stops the process tree an earlier agent left running for this service (it was killed before it could stop
     * it). Called once, before this supervisor starts anything, so the service never runs twice.
     */
    void stopLeftover() {
        stopLeftover(spec, pidFile, log);
    }

    /**
     * The leftover stop itself, for an agent opening the deployment and for the console's lifeline, which has no
     * supervisor (docs/architecture.md, "The lifeline"): same pid and start instant only, gracefully, then forcibly
     * after the service's stop timeout.
     */
    static void stopLeftover(ProcessSpec.ServiceSpec spec, PidFile pidFile, LineSink log) {
        pidFile.leftover().ifPresent(h -> {
            log.system("found " + spec.name() + " (pid " + h.pid() + ") left running by an earlier agent; stopping it");
            try {
                ProcessTree.stop(h, spec.stopTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.system("stopped the leftover " + spec.name() + " (pid " + h.pid() + ")");
        });
        pidFile.clear();
    }

    String name() {
        return spec.name();
    }

    ProcessSpec.ServiceSpec spec() {
        return spec;
    }

    synchronized Service snapshot() {
        return new Service(spec.name(), status, since, pid, null, exitCode, null, health == null ? null : health.health(),
                restarts, crashLooping).withRestartAt(restartAt);
    }

    /** What the detail view shows beyond the snapshot: when the process started, its last exit, the last probe. */
    synchronized Details details() {
        return new Details(startedAt, lastExitCode, health == null ? null : health.lastOutput());
    }

    /** See {@link #details()}. */
    record Details(Instant startedAt, Integer lastExitCode, String lastProbe) {
    }

    /** The detail view's answer: the definition as resolved, and the process as it is now. */
    ServiceDetail detail(String deployment, Path definition) {
        Details d = details();
        Long p;
        Process proc;
        synchronized (this) {
            p = pid;
            proc = process;
        }
        List<Integer> ports = proc != null && proc.isAlive() ? ListeningPorts.of(ProcessTree.of(proc.toHandle())) : List.of();
        List<ServiceDetail.EnvVar> env = spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ServiceDetail.EnvVar.of(e.getKey(), e.getValue())).toList();
        RestartPolicy r = spec.restart();
        String policy = r.mode() == RestartPolicy.Mode.NO ? "no" : r.mode().wire() + " (backoff " + format(r.backoff())
                + " up to " + format(r.maxBackoff()) + ", crash-looping after " + r.limit() + " restarts in a row)";
        return new ServiceDetail(deployment, name(), spec.command(), spec.workdir().toString(), env, ports,
                definition.toString(), spec.line() > 0 ? spec.line() : null, p, null, d.startedAt(), d.lastExitCode(),
                d.lastExitCode() == null ? null : ExitStatus.describe(d.lastExitCode()),
                health == null ? null : health.check().describe(), d.lastProbe(), policy);
    }

    /** Its tree's CPU and memory now, or null while no process runs. Called by the agent's sampling thread only. */
    io.capstan.agent.backend.ResourceUsage usage() {
        Process proc;
        synchronized (this) {
            proc = process;
        }
        if (proc == null || !proc.isAlive()) {
            sampled = null;
            usage.reset();
            return null;
        }
        if (proc != sampled) {
            usage.reset();
            sampled = proc;
        }
        return usage.sample(proc.toHandle(), System.nanoTime());
    }

    void start(LineSink out) throws ActionFailedException, InterruptedException {
        actions.lockInterruptibly();
        try {
            synchronized (this) {
                generation++;
                restarts = 0;
                crashesInRow = 0;
                crashLooping = false;
                jobStarting = true;
            }
            startLocked(out);
        } finally {
            synchronized (this) {
                jobStarting = false;
            }
            actions.unlock();
        }
    }

    private void startLocked(LineSink out) throws ActionFailedException, InterruptedException {
        awaitPreviousExit();
        synchronized (this) {
            if (closed) throw closedFailure();
            if (!ended.isDone()) {
                out.system(name() + " is already running (pid " + pid + ")");
                return;
            }
        }
        Process p = launch(out);
        HealthMonitor.Run run;
        CompletableFuture<Void> done;
        synchronized (this) {
            done = ended;
            run = healthRun;
        }

        boolean died;
        try {
            died = p.waitFor(startGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            synchronized (this) {
                // Canceled by the operator: the kill below is ours, so the service ends "stopped", not "exited".
                if (process == p) stopRequested = true;
            }
            ProcessTree.kill(ProcessTree.of(p.toHandle()));
            say(out, "start of " + name() + " canceled; killed pid " + p.pid());
            throw ie;
        }
        if (died) {
            await(done, Duration.ofSeconds(5));
            int code = p.exitValue();
            out.system(name() + " exited with code " + code + " right after starting");
            if (code != 0) throw new ActionFailedException(name() + " exited with code " + code + " while starting", code);
            return;
        }
        synchronized (this) {
            if (process != p || status != ServiceStatus.STARTING) return;
            transition(ServiceStatus.RUNNING);
        }
        changed.run();
        out.system(name() + " is running (pid " + p.pid() + ")");
        if (run != null) awaitHealthy(run, out);
    }

    /**
     * A start with a health check ends at the check's first verdict: healthy, or unhealthy (or the process's end),
     * which fails the job with what the last probe saw. The job's own timeout bounds a check that never decides.
     */
    private void awaitHealthy(HealthMonitor.Run run, LineSink out) throws ActionFailedException, InterruptedException {
        out.system("waiting for " + name() + " to be healthy (" + health.check().describe() + ")");
        boolean healthy;
        try {
            healthy = run.verdict.get();
        } catch (ExecutionException e) {
            healthy = false;
        }
        String last = health.lastOutput();
        if (healthy) {
            out.system(name() + " is healthy" + (last == null ? "" : ": " + last));
            return;
        }
        String msg = name() + " did not become healthy" + (last == null ? "" : "; last check: " + last);
        out.system(msg);
        throw new ActionFailedException(msg, null);
    }

    /** Forks the process and its pumps and exit watcher; the caller holds {@code actions}. */
    private Process launch(LineSink out) throws ActionFailedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Forked outside the lock so snapshots never wait on it; the engine serialises actions on a service.
        // In a process group of its own, so a stop also finds what it double-forked away from itself.
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(ProcessGroups.inOwnGroup(spec.command(), spec.workdir()))
                    .directory(spec.workdir().toFile());
            pb.environment().putAll(spec.env());
            p = pb.start();
        } catch (IOException e) {
            String msg = "cannot start " + name() + ": " + e.getMessage();
            say(out, msg);
            throw new ActionFailedException(msg, null);
        }
        synchronized (this) {
            if (closed) {
                // Closed while it forked: nobody would ever stop this process, and its pid file would land in a
                // folder that may be gone.
                ProcessTree.kill(ProcessTree.of(p.toHandle()));
                throw closedFailure();
            }
            pidFile.record(p.toHandle());
            process = p;
            ended = done;
            stopRequested = false;
            pid = p.pid();
            exitCode = null;
            startedAt = now();
            // Begun before the exit watcher exists, so the run's end can never come before its beginning.
            healthRun = health == null ? null : health.begin();
            transition(ServiceStatus.STARTING);
        }
        changed.run();
        say(out, "starting " + name() + " (pid " + p.pid() + ")");
        closeQuietly(p);
        Thread o = LinePump.start("capstan-" + name() + "-stdout", p.getInputStream(), LineStream.STDOUT, log);
        Thread e = LinePump.start("capstan-" + name() + "-stderr", p.getErrorStream(), LineStream.STDERR, log);
        Thread watcher = new Thread(() -> watch(p, o, e, done), "capstan-" + name() + "-exit");
        watcher.setDaemon(true);
        watcher.start();

        return p;
    }

    void stop(LineSink out) throws InterruptedException {
        actions.lockInterruptibly();
        try {
            boolean acknowledged;
            synchronized (this) {
                generation++;
                acknowledged = crashLooping;
                crashLooping = false;
            }
            if (acknowledged) changed.run();
            stopLocked(out);
        } finally {
            actions.unlock();
        }
    }

    /** Processes the service's own process left running when it ended (its group): stopped as the service would be. */
    private void stopLeftBehind(long leader, LineSink out) throws InterruptedException {
        List<ProcessHandle> left = ProcessTree.leftBehind(leader);
        if (left.isEmpty()) return;
        say(out, "stopping " + left.size() + " process(es) " + name() + " left running (pid "
                + left.stream().map(h -> Long.toString(h.pid())).collect(java.util.stream.Collectors.joining(", ")) + ")");
        try {
            if (!ProcessTree.terminate(left, spec.stopTimeout())) {
                ProcessTree.kill(left);
                ProcessTree.awaitExit(left, Duration.ofSeconds(10));
            }
        } catch (InterruptedException ie) {
            ProcessTree.kill(left);
            throw ie;
        }
    }

    private void stopLocked(LineSink out) throws InterruptedException {
        awaitPreviousExit();
        Process p;
        CompletableFuture<Void> done;
        boolean acknowledged = false;
        synchronized (this) {
            p = process;
            done = ended;
            if (p == null || done.isDone()) {
                if (status == ServiceStatus.EXITED || status == ServiceStatus.RESTARTING) {
                    // The operator asked for it to be down: a crashed service no longer marks the deployment failed,
                    // and one waiting for its restart policy is not started again (stop() moved the generation on).
                    transition(ServiceStatus.STOPPED);
                    acknowledged = true;
                }
            } else {
                stopRequested = true;
                transition(ServiceStatus.STOPPING);
            }
        }
        if (p == null || done.isDone()) {
            out.system(name() + " is already stopped");
            if (p != null) stopLeftBehind(p.pid(), out);
            if (acknowledged) changed.run();
            return;
        }
        changed.run();
        say(out, "stopping " + name() + " (pid " + p.pid() + ")");
        List<ProcessHandle> tree = ProcessTree.of(p.toHandle());
        try {
            if (!ProcessTree.terminate(tree, spec.stopTimeout())) {
                say(out, name() + " did not stop within " + format(spec.stopTimeout()) + "; killing it");
                ProcessTree.kill(tree);
                ProcessTree.awaitExit(tree, Duration.ofSeconds(10));
            }
        } catch (InterruptedException ie) {
            ProcessTree.kill(tree);
            throw ie;
        }
        await(done, Duration.ofSeconds(10));
        out.system(name() + " stopped");
    }

    private ActionFailedException closedFailure() {
        return new ActionFailedException(name() + " not started: its deployment was closed (folder removed or renamed,"
                + " definition changed, or the agent is stopping)", null);
    }

    /** Stops without a job, for good: agent shutdown, removal of the deployment, a changed definition. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            // Not through the actions lock: a start waiting for a health verdict must not hold up a shutdown.
            stopLocked((stream, text) -> { });
        } catch (InterruptedException e) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p != null) ProcessTree.kill(ProcessTree.of(p.toHandle()));
            Thread.currentThread().interrupt();
        }
    }

    private void watch(Process p, Thread stdout, Thread stderr, CompletableFuture<Void> done) {
        int code;
        while (true) {
            try {
                code = p.waitFor();
                break;
            } catch (InterruptedException e) {
                // Nobody interrupts this daemon thread on purpose; keep waiting for the process.
            }
        }
        join(stdout);
        join(stderr);
        boolean stopped;
        String policyNote = null;
        synchronized (this) {
            stopped = stopRequested;
            if (process == p) {
                pidFile.clear();
                pid = null;
                exitCode = stopped ? null : code;
                lastExitCode = code;
                if (health != null) health.end();
                transition(stopped ? ServiceStatus.STOPPED : ServiceStatus.EXITED);
                if (!stopped) policyNote = afterCrash(code);
            }
        }
        // "web stopped (exit code 143, SIGTERM)", "worker exited with code 137 (killed)": the signal named, as
        // operators read it.
        String signal = ExitStatus.signal(code);
        log.system(stopped ? name() + " stopped (exit code " + code + (signal == null ? "" : ", " + signal) + ")"
                : name() + " exited with code " + code + (signal == null ? "" : " (" + signal + ")")
                + (policyNote == null ? "" : "; " + policyNote));
        // Tell the engine before releasing a waiting stop: the job must not end before its final state is published.
        changed.run();
        done.complete(null);
    }

    /**
     * The restart policy's answer to an exit nobody asked for, under this object's lock: schedules the restart (its
     * wait doubling with each crash in a row) or gives up (crash-looping). Returns what to add to the exit's log line,
     * or null. Not while a start job watches the process (the job fails instead) or after {@link #close()}.
     */
    private String afterCrash(int code) {
        RestartPolicy policy = spec.restart();
        if (closed || jobStarting || !policy.restartsAfter(code)) return null;
        if (startedAt != null && Duration.between(startedAt, now()).compareTo(policy.resetAfter()) >= 0) crashesInRow = 0;
        crashesInRow++;
        if (policy.givesUpAt(crashesInRow)) {
            crashLooping = true;
            return "crash-looping: " + crashesInRow + " crashes in a row; left down until an operator starts it";
        }
        Duration delay = policy.delay(crashesInRow);
        long gen = generation;
        try {
            pool.schedule(() -> restartAfterCrash(gen), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
        // Down, and coming back by itself: "restarting", not "exited" (which reads as a failure an operator must act on).
        status = ServiceStatus.RESTARTING;
        restartAt = now().plus(delay);
        return "restarting in " + format(delay) + " (restart policy " + policy.mode().wire() + ")";
    }

    /** The policy's restart, on the pool: skipped if an operator started or stopped the service since the crash. */
    private void restartAfterCrash(long gen) {
        try {
            actions.lockInterruptibly();
        } catch (InterruptedException e) {
            return;
        }
        try {
            synchronized (this) {
                if (gen != generation || closed || status != ServiceStatus.RESTARTING) return;
                restarts++;
            }
            LineSink quiet = (stream, text) -> { };
            Process p = launch(quiet);
            log.system("restarted " + name() + " (pid " + p.pid() + "), restart " + restartsNow());
            pool.schedule(() -> promote(p), startGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ActionFailedException | RejectedExecutionException e) {
            log.system("restart of " + name() + " failed: " + e.getMessage());
            boolean down;
            synchronized (this) {
                // Nothing will start it again now: the crash stands as the exit it was.
                down = gen == generation && status == ServiceStatus.RESTARTING;
                if (down) transition(ServiceStatus.EXITED);
            }
            if (down) changed.run();
        } finally {
            actions.unlock();
        }
    }

    private synchronized int restartsNow() {
        return restarts;
    }

    /** A restarted process that lived through the start grace counts as running, as a started one does. */
    private void promote(Process p) {
        synchronized (this) {
            if (process != p || status != ServiceStatus.STARTING || !p.isAlive()) return;
            transition(ServiceStatus.RUNNING);
        }
        changed.run();
    }

    private void healthChanged(HealthStatus now, String output) {
        log.system(name() + " is " + WireNames.of(now) + (output == null ? "" : " (" + output + ")"));
        changed.run();
    }

    /** A process that ended a moment ago may still have its watcher draining output: let it finish first. */
    private void awaitPreviousExit() throws InterruptedException {
        Process p;
        CompletableFuture<Void> done;
        synchronized (this) {
            p = process;
            done = ended;
        }
        if (p != null && !p.isAlive() && !done.isDone()) await(done, Duration.ofSeconds(5));
    }

    private void transition(ServiceStatus next) {
        status = next;
        since = now();
        restartAt = null;
    }

    private void say(LineSink out, String text) {
        log.system(text);
        out.system(text);
    }

    private static void await(CompletableFuture<Void> f, Duration timeout) throws InterruptedException {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Bounded wait: the watcher completes it; a timeout only means its pumps are still draining.
        }
    }

    private static void join(Thread t) {
        try {
            t.join(PUMP_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // Services get no stdin; nothing to do if closing it fails.
        }
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Instant now() {
        return Timestamps.millis(Instant.now());
    }
}
