package io.capstan.console.fx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The CPU time of the calling thread, in nanoseconds, for timing work against a frame's budget. Wall time would count
 * the time the OS gave the thread's core to someone else, and on a busy machine a budget in wall time shrinks every
 * batch to nothing while the work still has to be done later; CPU time counts only the work (decision record 65).
 */
public final class ThreadCpuClock {

    private ThreadCpuClock() {
    }

    /** The calling thread's CPU time, or {@code System::nanoTime} where the JVM cannot measure it. */
    public static LongSupplier currentThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return System::nanoTime;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return threads::getCurrentThreadCpuTime;
    }
}
