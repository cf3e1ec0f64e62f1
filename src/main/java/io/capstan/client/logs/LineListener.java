package io.capstan.client.logs;

import io.capstan.protocol.Line;

/**
 * Where a line stream's lines go, exactly once and in seq order: what {@link JobLogStream.Listener} and
 * {@link ServiceLogStream.Listener} share. Called on the thread reading the stream, one call at a time; must not block.
 */
public interface LineListener {
    void onLine(Line line);

    /** Lines {@code from..to} are not stored (the agent's retention dropped them) and will never arrive. */
    default void onGap(long from, long to) {
    }
}
