package io.capstan.agent.http;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ProtocolJson;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Writes Server-Sent Events to the servlet response. Events are collected in one buffer and handed to the
 * response together; {@link #flush()} pushes them to the socket. The stream loop flushes before it waits and at
 * the end, never per line: a flush per event cost a system call per line (decision record 60). Every {@code data:}
 * field is one line of JSON (the encoders escape newlines and carriage returns inside strings).
 *
 * <p>One writer per response, used by the request thread that serves it.
 */
final class SseWriter {
    /** A batch of lines is cut into events of about this many bytes, so one huge line never makes a huge buffer. */
    static final int BATCH_BYTES = 256 * 1024;
    private static final byte[] LINES = "event: lines\nid: ".getBytes(StandardCharsets.US_ASCII);

    private final ServletOutputStream out;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(BATCH_BYTES + 1024);
    private long lastWrite;

    SseWriter(HttpServletResponse res) throws IOException {
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        out = res.getOutputStream();
        ascii(": ok\n\n");
        flush();
    }

    /** One of the agent's events: named by its type, identified by {@code id} ({@code epoch:seq}). */
    void event(Messages.AgentEvent event, String id) throws IOException {
        write(event.eventName(), id, event);
    }

    /** One of the stream's own events ({@code hello}, {@code gap}, {@code end}, {@code revoked}), its data a record. */
    void event(String type, String id, Record payload) throws IOException {
        write(type, id, payload);
    }

    /** Buffered until {@link #flush()}; the data is the payload as JSON on one line. */
    private void write(String type, String id, Object payload) throws IOException {
        ascii("event: ");
        ascii(type);
        ascii("\n");
        if (id != null) {
            ascii("id: ");
            ascii(id);
            ascii("\n");
        }
        ascii("data: ");
        buffer.write(ProtocolJson.mapper().writeValueAsBytes(payload));
        ascii("\n\n");
        spill();
    }

    /**
     * Consecutive lines as {@code lines} events of about {@link #BATCH_BYTES} each, every event's id the last seq it
     * holds (through {@code idOf}, which adds the epoch for a service log).
     */
    void lines(List<Line> lines, LongFunction<String> idOf) throws IOException {
        int from = 0;
        while (from < lines.size()) {
            int to = from;
            long size = 0;
            while (to < lines.size() && (to == from || size + lines.get(to).text().length() < BATCH_BYTES)) {
                size += lines.get(to).text().length() + 24L;
                to++;
            }
            List<Line> batch = lines.subList(from, to);
            buffer.write(LINES);
            ascii(idOf.apply(batch.get(batch.size() - 1).seq()));
            buffer.append('\n');
            LineBatch.writeData(batch, buffer);
            buffer.append('\n');
            spill();
            from = to;
        }
    }

    /** Hands what is buffered to the response and flushes it to the socket. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Writes {@code : ping} (flushed) when nothing was written for {@code intervalMillis}. */
    void pingIfIdle(long intervalMillis) throws IOException {
        if (System.nanoTime() - lastWrite >= intervalMillis * 1_000_000L) {
            ascii(": ping\n\n");
            flush();
        }
    }

    /** Hands a full buffer to the response without flushing; the response's own buffer decides when to send. */
    private void spill() throws IOException {
        if (buffer.size() >= BATCH_BYTES) drain();
    }

    private void drain() throws IOException {
        if (buffer.size() == 0) return;
        byte[] b = buffer.toByteArray();
        buffer.reset();
        out.write(b);
        lastWrite = System.nanoTime();
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) buffer.append(s.charAt(i));
    }
}
