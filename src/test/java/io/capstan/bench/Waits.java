package io.capstan.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting and pacing for the load generators (benchmark code, not tests: it measures, it asserts nothing). */
final class Waits {

    private Waits() {
    }

    /**
     * Polls every half millisecond; true if the condition held before {@code timeout} of {@link FairShare} time: a
     * bound against a hang that a loaded machine does not reach sooner than a quiet one.
     */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        FairShare clock = FairShare.start();
        double bound = timeout.toNanos() / 1e9;
        while (!condition.getAsBoolean()) {
            if (clock.seconds() > bound) return false;
            LockSupport.parkNanos(500_000);
        }
        return true;
    }

    static void untilOrFail(BooleanSupplier condition, Duration timeout, String what) {
        if (!until(condition, timeout)) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s of a fair share of the machine (load "
                    + Machine.load() + ") waiting for " + what);
        }
    }

    /** Parks until {@code nanoTime} reaches {@code at}. */
    static void sleepUntil(long at) {
        long left;
        while ((left = at - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }
}
