package io.capstan.client.logs;

import io.capstan.client.ProtocolException;
import io.capstan.client.internal.DataFields;
import io.capstan.client.internal.ResumableStream;
import io.capstan.client.internal.SseEvent;
import io.capstan.protocol.Cursor;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.Messages;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The exactly-once cursor of a line stream, shared by {@link JobLogStream} and {@link ServiceLogStream}: decodes
 * {@code lines} batches and {@code gap} events, passes on each line whose seq is above the last one passed (a batch
 * that starts at or before it, after a reconnect, is cut where it overlaps), reports numbers skipped as a gap, and moves
 * the cursor only past what it passed on. An event cut by a dropped connection never reaches it (the SSE reader
 * dispatches whole events only), so a resume from {@link #resumeId()} neither loses nor repeats a line.
 *
 * <p>A service log's cursor also follows epochs ({@code id: <epoch>:<seq>}): an event of another epoch than the last
 * one (the agent restarted) starts counting afresh and is reported once; its resume id is {@code <epoch>:<seq>}. A job
 * log's is the bare seq.
 *
 * <p>Used by the one thread that reads the stream; {@link #last()} and {@link #resumeId()} may be read from any thread.
 */
final class LineCursor {
    private final Consumer<String> newEpoch;
    private volatile String epoch;
    private volatile long last;

    private LineCursor(long after, Consumer<String> newEpoch) {
        this.last = after;
        this.newEpoch = newEpoch;
    }

    /** A job log's cursor, resuming after {@code after}. */
    static LineCursor ofSeq(long after) {
        return new LineCursor(after, null);
    }

    /** A service log's cursor; {@code newEpoch} hears of every epoch after the first. */
    static LineCursor ofEpochs(Consumer<String> newEpoch) {
        return new LineCursor(0, newEpoch);
    }

    /** The last seq passed on (or skipped by a gap). */
    long last() {
        return last;
    }

    /** What the next connection sends as {@code Last-Event-ID}: null before anything was passed on. */
    String resumeId() {
        if (newEpoch != null) {
            String e = epoch;
            return e == null ? null : Cursor.of(e, last).toString();
        }
        long l = last;
        return l > 0 ? Cursor.of(l).toString() : null;
    }

    /** Handles a {@code lines} or {@code gap} event; false for any other event, which it leaves alone. */
    boolean accept(SseEvent event, LineListener sink) {
        boolean lines = "lines".equals(event.type());
        if (!lines && !"gap".equals(event.type())) return false;
        if (newEpoch != null) followEpoch(event);
        if (lines) {
            acceptLines(event, sink);
        } else {
            Messages.Gap gap = ResumableStream.parse(event, Messages.Gap.class);
            if (gap.to() > last) {
                sink.onGap(Math.max(gap.from(), last + 1), gap.to());
                last = gap.to();
            }
        }
        return true;
    }

    private void followEpoch(SseEvent event) {
        String eventEpoch = Cursor.parseEpochSeq(event.id()).map(Cursor::epoch).orElse(null);
        if (eventEpoch == null || eventEpoch.equals(epoch)) return;
        boolean first = epoch == null;
        last = 0; // before the epoch, so a resume id read meanwhile never pairs the new epoch with an old seq
        epoch = eventEpoch;
        if (!first) newEpoch.accept(eventEpoch);
    }

    /** A {@code lines} event's fields go to a {@link LineBatch.Reader} as they are read: no copy of its bytes. */
    DataFields fields(String type) {
        return "lines".equals(type) ? new BatchFields() : null;
    }

    private void acceptLines(SseEvent event, LineListener sink) {
        List<Line> batch;
        try {
            batch = event.fields() instanceof BatchFields cut ? cut.reader.lines() : LineBatch.read(event.dataBytes());
        } catch (RuntimeException e) {
            throw new ProtocolException("bad lines event: " + e.getMessage(), 200, e);
        }
        // Numbers rise by one inside a batch (LineBatch), so what is new is the batch from its first line above the
        // cursor on, handed over in one call.
        int from = 0;
        while (from < batch.size() && batch.get(from).seq() <= last) from++;
        if (from == batch.size()) return;
        long first = batch.get(from).seq();
        if (first > last + 1) sink.onGap(last + 1, first - 1);
        List<Line> fresh = from == 0 ? batch : List.copyOf(batch.subList(from, batch.size()));
        sink.onLines(Collections.unmodifiableList(fresh));
        last = fresh.get(fresh.size() - 1).seq();
    }

    /** One {@code lines} event's fields, cut into lines as they arrive. */
    private static final class BatchFields implements DataFields {
        private final LineBatch.Reader reader = new LineBatch.Reader();

        @Override
        public void field(byte[] buf, int from, int to) {
            try {
                reader.field(buf, from, to);
            } catch (RuntimeException e) {
                throw new ProtocolException("bad lines event: " + e.getMessage(), 200, e);
            }
        }
    }
}
