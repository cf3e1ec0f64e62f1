package io.capstan.agent.process;

import io.capstan.protocol.HealthStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes one service's {@link HealthCheck} while its process runs: {@code starting} from {@link #begin} until the
 * first verdict, {@code healthy} after a success, {@code unhealthy} after {@code retries} failures in a row (failures
 * within the start period not counted). Each run of the process is its own {@link Run}, so a probe that finishes after
 * the process ended, or after it was started again, changes nothing.
 */
final class HealthMonitor {
    /** Told of a change of health, on a probe thread, outside this monitor's lock. */
    interface Listener {
        void healthChanged(HealthStatus health, String output);
    }

    private final HealthCheck check;
    private final Path workdir;
    private final Map<String, String> env;
    private final ScheduledExecutorService pool;
    private final Clock clock;
    private final Listener listener;
    private Run current;

    HealthMonitor(HealthCheck check, Path workdir, Map<String, String> env, ScheduledExecutorService pool, Clock clock,
                  Listener listener) {
        this.check = check;
        this.workdir = workdir;
        this.env = env;
        this.pool = pool;
        this.clock = clock;
        this.listener = listener;
    }

    HealthCheck check() {
        return check;
    }

    /** A process was started: health is {@code starting} and probing begins at once. */
    synchronized Run begin() {
        end();
        Run run = new Run(clock.instant());
        current = run;
        try {
            run.probes = pool.scheduleWithFixedDelay(() -> probe(run), 0, check.interval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The deployment is closing: nothing to probe.
        }
        return run;
    }

    /** The process ended: no health, probing stops, and whoever waits for a verdict hears it will not come. */
    synchronized void end() {
        Run run = current;
        current = null;
        if (run == null) return;
        if (run.probes != null) run.probes.cancel(true);
        run.verdict.complete(false);
    }

    /** {@code starting}, {@code healthy}, {@code unhealthy}, or null while no process runs. */
    synchronized HealthStatus health() {
        return current == null ? null : current.health;
    }

    /** What the last probe saw (kept after the process ended, for the detail view); null before any. */
    synchronized String lastOutput() {
        return lastOutput;
    }

    private String lastOutput;

    private void probe(Run run) {
        HealthProbe.Result result;
        try {
            result = HealthProbe.run(check, workdir, env);
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            result = new HealthProbe.Result(false, "probe failed: " + e);
        }
        HealthStatus changedTo = null;
        synchronized (this) {
            if (current != run) return;
            lastOutput = result.output();
            HealthStatus next = run.health;
            if (result.healthy()) {
                run.failures = 0;
                next = HealthStatus.HEALTHY;
            } else if (Duration.between(run.startedAt, clock.instant()).compareTo(check.startPeriod()) >= 0
                    && ++run.failures >= check.retries()) {
                next = HealthStatus.UNHEALTHY;
            }
            if (!next.equals(run.health)) {
                run.health = next;
                changedTo = next;
                run.verdict.complete(next == HealthStatus.HEALTHY);
            }
        }
        if (changedTo != null) listener.healthChanged(changedTo, result.output());
    }

    /** One run of the process. {@code verdict}: true at its first healthy, false at its first unhealthy or its end. */
    static final class Run {
        final Instant startedAt;
        final CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        private HealthStatus health = HealthStatus.STARTING;
        private int failures;
        private ScheduledFuture<?> probes;

        Run(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }
}
