package io.capstan.agent.process;

import io.capstan.agent.backend.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's CPU and resident memory, summed over its whole process tree (a shell's children, a server's workers).
 * CPU time comes from the JDK ({@code ProcessHandle.Info.totalCpuDuration}, which reads {@code /proc/<pid>/stat} on
 * Linux with the right clock tick), resident memory from {@code VmRSS} in {@code /proc/<pid>/status} (so no page-size
 * guess); decision record 85 says why not OSHI.
 *
 * <p>CPU is a difference: each member's CPU time now minus what it had at the previous sample, over the wall time
 * between them. A member is known by pid and start instant, so a reused pid is a new process. A member that started
 * since the previous sample counts from zero; one that ended in between loses its last moments (a reaped child's time
 * goes to its parent's {@code cutime}, which the JDK does not report). The first sample of a tree has no interval:
 * its CPU is null. Not thread-safe: the agent's one sampling thread calls it.
 */
final class TreeUsage {
    private static final Path PROC = Path.of("/proc");

    private record Member(long pid, Instant start) {
    }

    private Map<Member, Long> previous;
    private long previousNanos;

    /** Measures the tree under {@code root} now. */
    ResourceUsage sample(ProcessHandle root, long nowNanos) {
        List<ProcessHandle> tree = ProcessTree.of(root);
        Map<Member, Long> cpu = new HashMap<>();
        long rss = 0;
        boolean rssKnown = false;
        for (ProcessHandle h : tree) {
            ProcessHandle.Info info = h.info();
            Instant start = info.startInstant().orElse(Instant.EPOCH);
            info.totalCpuDuration().ifPresent(d -> cpu.put(new Member(h.pid(), start), d.toNanos()));
            Long kb = residentKb(h.pid());
            if (kb != null) {
                rss += kb * 1024;
                rssKnown = true;
            }
        }
        Double percent = null;
        if (previous != null && nowNanos > previousNanos) {
            long used = 0;
            for (Map.Entry<Member, Long> e : cpu.entrySet()) {
                long before = previous.getOrDefault(e.getKey(), 0L);
                used += Math.max(0, e.getValue() - before);
            }
            percent = 100.0 * used / (nowNanos - previousNanos);
        }
        previous = cpu;
        previousNanos = nowNanos;
        return new ResourceUsage(percent, rssKnown ? rss : null);
    }

    /** Forgets the last tree, so a process started later gets a fresh first sample. */
    void reset() {
        previous = null;
    }

    /** {@code VmRSS:    12345 kB} from {@code /proc/<pid>/status}; null where there is no such file (not Linux, gone). */
    static Long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]);
                }
            }
            return 0L; // a zombie or kernel thread has no VmRSS line: it holds no memory
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
