package io.capstan.agent.process;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as an agent remembers it across its own death: the pid and the instant the process started, which
 * together name one process for good. A pid alone does not: once the process ends the OS may hand its number to a
 * stranger, and an agent that stopped "the leftover" by pid alone would kill that stranger.
 *
 * @param startMillis the process's start instant in epoch milliseconds, -1 when the OS did not say
 * @param label       what it was, for the line that says it was stopped ("build of web, step 1/2")
 */
public record ProcessRecord(long pid, long startMillis, String label) {

    public static ProcessRecord of(ProcessHandle process, String label) {
        return new ProcessRecord(process.pid(), startMillis(process), label == null ? "" : label);
    }

    /** The recorded process if it is still running: same pid and same start instant (never a reused pid). */
    public Optional<ProcessHandle> live() {
        if (startMillis < 0) return Optional.empty();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> startMillis(h) == startMillis);
    }

    /** One line: {@code <pid> <startMillis> <label>}. */
    public String toLine() {
        return label.isEmpty() ? pid + " " + startMillis : pid + " " + startMillis + " " + label.replace('\n', ' ');
    }

    /** Reads {@link #toLine()}; the label is optional. */
    public static ProcessRecord parse(String line) {
        String[] parts = line.trim().split(" ", 3);
        if (parts.length < 2) throw new IllegalArgumentException("not a process record: " + line);
        return new ProcessRecord(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts.length == 3 ? parts[2] : "");
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli).orElse(-2L);
    }
}
