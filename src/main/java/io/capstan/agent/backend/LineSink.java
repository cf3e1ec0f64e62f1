package io.capstan.agent.backend;

import io.capstan.protocol.LineStream;

/**
 * Where a backend writes output, one line at a time, without its terminator. Implementations number,
 * persist and fan out the lines; they never block the caller on a slow reader. Thread-safe.
 */
@FunctionalInterface
public interface LineSink {
    void line(LineStream stream, String text);

    default void system(String text) {
        line(LineStream.SYSTEM, text);
    }
}
