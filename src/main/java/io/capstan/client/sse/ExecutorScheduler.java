package io.capstan.client.sse;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} over one daemon thread. Whoever creates it closes it; closing cancels what is still
 * scheduled and lets the thread end.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;

    public ExecutorScheduler(String threadName) {
        this(threadName, Clock.systemUTC());
    }

    public ExecutorScheduler(String threadName, Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (executor.isShutdown()) return () -> { };
        Future<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
