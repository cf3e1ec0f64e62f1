package io.capstan.client.sse;

import java.time.Clock;
import java.time.Duration;

/**
 * Where delayed work (backoff waits, polls) runs, and what time it is. Production code uses
 * {@link ExecutorScheduler}; tests hand in a manual scheduler whose time only moves when the test says so.
 */
public interface Scheduler {

    /** A scheduled task that can still be called off. */
    interface Cancellable {
        /** Idempotent; does nothing once the task has started. */
        void cancel();
    }

    Clock clock();

    /** Runs {@code task} once after {@code delay} on the scheduler's thread. */
    Cancellable schedule(Duration delay, Runnable task);
}
