package io.capstan.agent.logs;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's output or a service's log: a {@link SeqLog} of lines that a backend writes to as a {@link LineSink}. It adds
 * what is particular to lines: a line too long is cut with a visible marker, lines are stamped with the time they
 * were taken in (one stamp for a batch), and memory is bounded in estimated heap bytes as well as in lines.
 */
public final class LineLog extends SeqLog<Line> implements LineSink {

    /** Where lines are written before they become visible. */
    @FunctionalInterface
    public interface Store extends SeqLog.Store<Line> {
        /** True when the line was written; false when it is lost (the store reports why, once). */
        boolean write(Line line);

        /**
         * Writes consecutive lines, in order, at once where the store can (one write for a batch); returns those
         * written (all: the list itself), the others are lost.
         */
        @Override
        default List<Line> write(List<Line> lines) {
            List<Line> written = new ArrayList<>(lines.size());
            for (Line l : lines) {
                if (write(l)) written.add(l);
            }
            return written;
        }
    }

    /** Where lines that left memory (or never were in it) can still be read: the job's files. */
    public interface Backing extends SeqLog.Backing<Line> {
    }

    private final int lineMaxBytes;
    private final Clock clock;

    /** A log held in memory only (head and tail), every line kept that fits. */
    public LineLog(int headMax, int tailMax, int lineMaxBytes, Store store, Clock clock) {
        this(headMax, tailMax, Long.MAX_VALUE, lineMaxBytes, store, null, clock);
    }

    /**
     * A log whose tail is bounded in lines and in (estimated) heap bytes; with a {@code backing}, readers behind the
     * lines held in memory are served from it.
     */
    public LineLog(int headMax, int tailMax, long tailMaxBytes, int lineMaxBytes, Store store, Backing backing,
                   Clock clock) {
        super(headMax, tailMax, tailMaxBytes, LineLog::heapBytes, store, backing);
        this.lineMaxBytes = Math.max(16, lineMaxBytes);
        this.clock = clock;
    }

    /** The marker that ends a cut line; N is the number of bytes left out. */
    public static String truncationMarker(long droppedBytes) {
        return LineSink.truncationMarker(droppedBytes);
    }

    @Override
    public void line(LineStream stream, String text) {
        append(stream, text);
    }

    /**
     * Numbers, stores and publishes lines a producer has in hand together (a pump's read): one timestamp, one
     * store write and one wake-up of the readers for all of them, where each line alone would pay its own
     * (decision record 62). They become visible together, once all are written.
     */
    @Override
    public void lines(LineStream stream, List<String> texts) {
        if (texts.isEmpty()) return;
        append(first -> {
            Instant ts = Timestamps.millis(clock.instant());
            List<Line> batch = new ArrayList<>(texts.size());
            for (String text : texts) batch.add(new Line(first + batch.size(), ts, stream, cut(text == null ? "" : text)));
            return batch;
        });
    }

    /**
     * Numbers, stores and publishes one line; returns it (also when the store lost it, in which case readers see
     * its number in a gap), or null when the log is closed.
     */
    public Line append(LineStream stream, String text) {
        String t = cut(text == null ? "" : text);
        List<Line> made = append(seq -> List.of(new Line(seq, Timestamps.millis(clock.instant()), stream, t)));
        return made == null ? null : made.get(0);
    }

    /** A line's heap footprint, estimated from above (objects, header, two bytes a char). */
    private static long heapBytes(Line line) {
        return 96L + 2L * line.text().length();
    }

    private String cut(String text) {
        if ((long) text.length() * 3 <= lineMaxBytes) return text; // fits whatever its characters are: no encoding
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= lineMaxBytes) return text;
        int keepBytes = Math.max(0, lineMaxBytes - 64);
        // Back off to a character boundary.
        while (keepBytes > 0 && (bytes[keepBytes] & 0xC0) == 0x80) keepBytes--;
        String kept = new String(bytes, 0, keepBytes, StandardCharsets.UTF_8);
        return kept + truncationMarker(bytes.length - keepBytes);
    }
}
