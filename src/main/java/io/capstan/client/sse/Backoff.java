package io.capstan.client.sse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: {@code first}, doubling per failed attempt, never above {@code cap}; jitter only shortens a
 * step (by up to {@code jitter} of it), so the cap is a hard ceiling (failure row 1). A connection that was healthy
 * (it said hello) and lived at least {@code healthyAfter} resets the sequence to the first step (row 2); a
 * connection that drops right after hello does not, so a flapping agent is not hammered.
 *
 * <p>Not thread-safe; its owner calls it under its own lock.
 */
public final class Backoff {
    public static final Duration FIRST = Duration.ofMillis(500);
    public static final Duration CAP = Duration.ofSeconds(30);
    public static final Duration HEALTHY_AFTER = Duration.ofSeconds(3);
    public static final double JITTER = 0.2;

    private final Duration first;
    private final Duration cap;
    private final double jitter;
    private final Duration healthyAfter;
    private final Clock clock;
    private final DoubleSupplier random;
    private int failures;
    private Instant healthySince;

    public Backoff(Duration first, Duration cap, double jitter, Duration healthyAfter, Clock clock, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= cap");
        }
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1)");
        this.first = first;
        this.cap = cap;
        this.jitter = jitter;
        this.healthyAfter = healthyAfter;
        this.clock = clock;
        this.random = random;
    }

    /** The protocol's policy: 0.5 s, doubling, 30 s cap, 20 % jitter, healthy after 3 s. */
    public static Backoff standard(Clock clock) {
        Random r = new Random();
        return new Backoff(FIRST, CAP, JITTER, HEALTHY_AFTER, clock, r::nextDouble);
    }

    /** The un-jittered step for the next failure: first * 2^failures, capped. */
    Duration step(int failureCount) {
        long firstNanos = first.toNanos();
        long capNanos = cap.toNanos();
        long nanos = firstNanos;
        for (int i = 0; i < failureCount && nanos < capNanos; i++) {
            nanos = nanos > capNanos / 2 ? capNanos : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, capNanos));
    }

    /** Records a failed attempt (or a connection that ended) and returns how long to wait before the next one. */
    public Duration nextDelay() {
        Duration base = step(failures);
        failures++;
        double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        long nanos = (long) (base.toNanos() * (1.0 - jitter * r));
        return Duration.ofNanos(Math.max(1, Math.min(nanos, cap.toNanos())));
    }

    /** The connection said hello: it counts as healthy once it has lived {@code healthyAfter}. */
    public void connected() {
        healthySince = clock.instant();
    }

    /** The connection ended; resets the sequence if it was healthy long enough. */
    public void disconnected() {
        if (healthySince != null && !clock.instant().isBefore(healthySince.plus(healthyAfter))) {
            failures = 0;
        }
        healthySince = null;
    }

    /** Failed attempts since the last reset. */
    public int failures() {
        return failures;
    }
}
