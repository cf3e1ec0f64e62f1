package io.capstan.agent.backend;

import io.capstan.protocol.LineStream;

/**
 * Where a backend writes output, one line at a time, without its terminator. Implementations number,
 * persist and fan out the lines; they never block the caller on a slow reader. Thread-safe.
 */
@FunctionalInterface
public interface LineSink {
    void line(LineStream stream, String text);

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
}
