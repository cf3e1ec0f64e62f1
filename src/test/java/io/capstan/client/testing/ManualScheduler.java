package io.capstan.client.testing;

import io.capstan.client.sse.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduler whose time moves only in {@link #advance}; due tasks run on the test's thread, in time order.
 * {@link #delays()} records every delay ever asked for, so a test can assert a backoff sequence.
 */
public final class ManualScheduler implements Scheduler {
    private final MutableClock clock = new MutableClock();
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long counter;

    private static final class Task {
        final Instant due;
        final long order;
        final Runnable run;
        boolean cancelled;

        Task(Instant due, long order, Runnable run) {
            this.due = due;
            this.order = order;
            this.run = run;
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public MutableClock mutableClock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        delays.add(delay);
        Task t = new Task(clock.instant().plus(delay), counter++, task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
                tasks.remove(t);
            }
        };
    }

    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    public synchronized int pending() {
        return tasks.size();
    }

    /** Moves time forward, running every task that falls due on the way (outside the scheduler's lock). */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(target))
                        .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order)).orElse(null);
                if (next == null) break;
                tasks.remove(next);
                if (next.due.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), next.due));
            }
            next.run.run();
        }
        synchronized (this) {
            if (target.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), target));
        }
    }

    /** Runs whatever is scheduled next, however far away. */
    public void runNext() {
        Instant due;
        synchronized (this) {
            due = tasks.stream().map(t -> t.due).min(Comparator.naturalOrder()).orElse(null);
        }
        if (due == null) return;
        Duration wait = Duration.between(clock.instant(), due);
        advance(wait.isNegative() ? Duration.ZERO : wait);
    }
}
