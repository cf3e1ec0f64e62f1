package io.capstan.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.capstan.protocol.ProtocolJson;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events straight to the servlet response, flushing after every event so nothing is
 * buffered until the stream ends. Every {@code data:} payload is one line of JSON (the mapper escapes
 * newlines and carriage returns inside strings).
 */
final class SseWriter {
    private final ServletOutputStream out;
    private long lastWrite;

    SseWriter(HttpServletResponse res) throws IOException {
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        out = res.getOutputStream();
        write(": ok\n\n");
    }

    void event(String type, String id, Object payload) throws IOException {
        String data;
        try {
            data = ProtocolJson.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder sb = new StringBuilder(data.length() + 64);
        sb.append("event: ").append(type).append('\n');
        if (id != null) sb.append("id: ").append(id).append('\n');
        sb.append("data: ").append(data).append("\n\n");
        write(sb.toString());
    }

    /** Writes {@code : ping} when nothing was written for {@code intervalMillis}. */
    void pingIfIdle(long intervalMillis) throws IOException {
        if (System.nanoTime() - lastWrite >= intervalMillis * 1_000_000L) write(": ping\n\n");
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
        lastWrite = System.nanoTime();
    }
}
