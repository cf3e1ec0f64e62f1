package io.capstan.client.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.capstan.client.ProtocolException;
import io.capstan.client.sse.SseEvent;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ProtocolJson;
import java.util.List;

/**
 * The exactly-once cursor of a line stream, shared by {@link JobLogStream} and {@link ServiceLogStream}: decodes
 * {@code lines} batches and {@code gap} events, passes on each line whose seq is above the last one passed (a batch
 * that starts at or before it, after a reconnect, is cut where it overlaps), reports numbers skipped as a gap, and moves
 * the cursor only past what it passed on. An event cut by a dropped connection never reaches it (the SSE parser
 * dispatches whole events only), so a resume from {@link #last()} neither loses nor repeats a line.
 *
 * <p>Used by the one thread that reads the stream; {@link #last()} may be read from any thread.
 */
final class LineCursor {

    /** Where lines go, in order. */
    interface Sink {
        void line(Line line);

        void gap(long from, long to);
    }

    private volatile long last;

    LineCursor(long after) {
        this.last = after;
    }

    /** The last seq passed on (or skipped by a gap): where the next connection resumes. */
    long last() {
        return last;
    }

    /** Starts counting afresh (a service log's new epoch). */
    void restart() {
        last = 0;
    }

    /** Handles a {@code lines} or {@code gap} event; false for any other event, which it leaves alone. */
    boolean accept(SseEvent event, Sink sink) {
        switch (event.type()) {
            case "lines" -> {
                List<Line> batch;
                try {
                    batch = LineBatch.read(event.data());
                } catch (RuntimeException e) {
                    throw new ProtocolException("bad lines event: " + e.getMessage(), 200, e);
                }
                for (Line line : batch) {
                    if (line.seq() <= last) continue;
                    if (line.seq() > last + 1) sink.gap(last + 1, line.seq() - 1);
                    sink.line(line);
                    last = line.seq();
                }
                return true;
            }
            case "gap" -> {
                Messages.Gap gap = parse(event, Messages.Gap.class);
                if (gap.to() > last) {
                    sink.gap(Math.max(gap.from(), last + 1), gap.to());
                    last = gap.to();
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    static <T> T parse(SseEvent event, Class<T> type) {
        try {
            T value = ProtocolJson.mapper().readValue(event.data(), type);
            if (value == null) throw new ProtocolException("empty " + event.type() + " event", 200, null);
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("bad " + event.type() + " event: " + e.getOriginalMessage(), 200, e);
        }
    }
}
