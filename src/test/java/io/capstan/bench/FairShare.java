package io.capstan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Time as a fair share of this machine: a wall-clock second counts in full while the machine has a core for each
 * runnable task (load average at most the cores), and as cores/load of a second when it is loaded, so a bound in these
 * seconds means the same work on a quiet machine and on one at load 56 (decision record 155). The bounds of the
 * benchmark's waits and of its smoke test are in these seconds: they catch a hang, never a busy machine. A hang still
 * fails, later the busier the machine; a machine too loaded to tell ends at the caller's hard cap.
 */
final class FairShare {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** The load average moves once every five seconds: read it at most once a second. */
    private static final long SAMPLE_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private final DoubleSupplier load;
    private final int cores;
    private long lastNanos;
    private double share = 1;
    private long sampledNanos;
    private double spentSeconds;

    /** A clock over these readings (a test's): the wall clock, the one-minute load average, the cores. */
    FairShare(LongSupplier nanos, DoubleSupplier load, int cores) {
        this.nanos = nanos;
        this.load = load;
        this.cores = cores;
        lastNanos = nanos.getAsLong();
        sampledNanos = lastNanos - SAMPLE_NANOS;
    }

    /** Starts counting now, on this machine. */
    static FairShare start() {
        return new FairShare(System::nanoTime, FairShare::loadAverage, CORES);
    }

    /** Fair-share seconds since {@link #start()}; call it often (each call counts the time since the last at the current share). */
    synchronized double seconds() {
        long now = nanos.getAsLong();
        if (now - sampledNanos >= SAMPLE_NANOS) {
            share = share(load.getAsDouble(), cores);
            sampledNanos = now;
        }
        spentSeconds += (now - lastNanos) / 1e9 * share;
        lastNanos = now;
        return spentSeconds;
    }

    /** The share of the machine's cores a runnable task gets: 1 when there is a core for each, else cores/load. */
    static double share(double load, int cores) {
        return load <= cores ? 1 : cores / load;
    }

    /** The one-minute load average; 0 where there is none to read (not Linux): the wall clock then. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
        } catch (Exception e) {
            return 0;
        }
    }
}
