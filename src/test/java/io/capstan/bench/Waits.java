package io.capstan.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting and pacing for the load generators (benchmark code, not tests: it measures, it asserts nothing). */
final class Waits {

    private Waits() {
    }

    /** Polls every half millisecond; true if the condition held before the deadline. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(500_000);
        }
        return true;
    }

    static void untilOrFail(BooleanSupplier condition, Duration timeout, String what) {
        if (!until(condition, timeout)) throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
    }

    /** Parks until {@code nanoTime} reaches {@code at}. */
    static void sleepUntil(long at) {
        long left;
        while ((left = at - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }
}
