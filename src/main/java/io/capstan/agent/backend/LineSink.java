package io.capstan.agent.backend;

import io.capstan.protocol.LineStream;
import java.util.List;

/**
 * Where a backend writes output, one line at a time, without its terminator. Implementations number,
 * persist and fan out the lines; they never block the caller on a slow reader. Thread-safe.
 */
@FunctionalInterface
public interface LineSink {
    void line(LineStream stream, String text);

    /**
     * Lines a producer has in hand together (one read of a process's pipe), in order. A sink that can take them at
     * once (a job's log: one store write, one wake-up) overrides this; by default, one at a time.
     */
    default void lines(LineStream stream, List<String> texts) {
        for (String t : texts) line(stream, t);
    }

    /**
     * The end of a line cut because it was too long (docs/protocol.md, "Lines"): {@code droppedBytes} is how many
     * bytes of UTF-8 were left out. Whoever cuts a line uses it, so the count is the one the cutter knew.
     */
    static String truncationMarker(long droppedBytes) {
        return "… [line truncated by capstan: " + droppedBytes + " bytes]";
    }

    default void system(String text) {
        line(LineStream.SYSTEM, text);
    }

    /**
     * Told of each process an action starts for its job and waits for (a build step, a CLI command), right after it
     * is forked. The job records it, so that when the agent is killed mid-job the next agent stops it (its whole
     * tree) instead of letting it run on beside a second copy. Services, which outlive their job on purpose, are
     * recorded by their backend instead. Default: not recorded (service logs, tests).
     */
    default void processStarted(ProcessHandle process, String label) {
    }

    /** The process told of in {@link #processStarted} has ended. */
    default void processEnded(ProcessHandle process) {
    }
}
