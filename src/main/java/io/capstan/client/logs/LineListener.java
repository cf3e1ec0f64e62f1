package io.capstan.client.logs;

import io.capstan.protocol.Line;
import java.util.List;

/**
 * Where a line stream's lines go, exactly once and in seq order: what {@link JobLogStream.Listener} and
 * {@link ServiceLogStream.Listener} share. Called on the thread reading the stream, one call at a time; must not block.
 */
public interface LineListener {
    void onLine(Line line);

    /**
     * Consecutive lines that arrived together (one {@code lines} batch, without what the cursor dropped as repeats),
     * in seq order. A listener that hands lines on to another thread takes them here, once a batch instead of once a
     * line (decision record 147); the default passes each to {@link #onLine}. The list is the listener's to keep and
     * is never changed after the call.
     */
    default void onLines(List<Line> lines) {
        for (Line line : lines) {
            onLine(line);
        }
    }

    /** Lines {@code from..to} are not stored (the agent's retention dropped them) and will never arrive. */
    default void onGap(long from, long to) {
    }
}
