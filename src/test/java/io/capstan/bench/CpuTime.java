package io.capstan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds a process has used (user + system), the figure that stays meaningful when other builds load the
 * machine and wall-clock rates move by 2x between runs. Linux: {@code /proc/<pid>/stat}; elsewhere NaN.
 */
final class CpuTime {
    /** Clock ticks a second of {@code /proc/<pid>/stat}: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS = 100.0;

    private CpuTime() {
    }

    /** CPU seconds of process {@code pid} (its threads, not its children). */
    static double of(long pid) {
        return ticks(pid, true, true) / TICKS;
    }

    /** CPU seconds this JVM spent in the kernel (system time: socket reads and writes, futexes, page faults). */
    static double selfSystem() {
        return ticks(ProcessHandle.current().pid(), false, true) / TICKS;
    }

    private static double ticks(long pid, boolean user, boolean system) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // utime, stime: fields 14 and 15
            return (user ? Long.parseLong(f[11]) : 0) + (system ? Long.parseLong(f[12]) : 0);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of this JVM (the benchmark's client side). */
    static double self() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
