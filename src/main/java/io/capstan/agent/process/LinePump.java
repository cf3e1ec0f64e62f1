package io.capstan.agent.process;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a process's output stream into a sink line by line on its own daemon thread. Splits on {@code \n},
 * drops a trailing {@code \r}, and keeps at most {@link #MAX_LINE_BYTES} of a line: the rest is counted, not
 * held, so one endless line cannot exhaust the agent's memory. A cut line is passed on when its end arrives
 * (its newline, or the end of the output), cut at a character boundary so that the text and the protocol's
 * marker ({@link LineSink#truncationMarker}, naming the bytes left out) fit in the limit together. Public for
 * the compose backend, whose CLI output is read the same way.
 */
public final class LinePump implements Runnable {
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LinePump.class);

    private final InputStream in;
    private final LineStream stream;
    private final LineSink sink;

    private LinePump(InputStream in, LineStream stream, LineSink sink) {
        this.in = in;
        this.stream = stream;
        this.sink = sink;
    }

    public static Thread start(String threadName, InputStream in, LineStream stream, LineSink sink) {
        Thread t = new Thread(new LinePump(in, stream, sink), threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        byte[] line = new byte[MAX_LINE_BYTES];
        byte[] chunk = new byte[8192];
        int len = 0;
        long beyond = 0; // bytes of the current line past what `line` holds
        byte previous = 0;
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        emit(line, len, beyond, previous == '\r');
                        len = 0;
                        beyond = 0;
                    } else if (len < MAX_LINE_BYTES) {
                        line[len++] = b;
                    } else {
                        beyond++;
                    }
                    previous = b;
                }
            }
        } catch (IOException e) {
            // The process ended or was killed and its pipe closed under us: what was read has been passed on.
        } finally {
            if (len > 0) emit(line, len, beyond, false);
        }
    }

    /** @param crlf the line ended with {@code \r\n}: the {@code \r} is part of the terminator, not of the text */
    private void emit(byte[] bytes, int len, long beyond, boolean crlf) {
        String text;
        if (beyond == 0) {
            int end = crlf && len > 0 ? len - 1 : len;
            text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        } else if (beyond == 1 && crlf) {
            text = new String(bytes, 0, len, StandardCharsets.UTF_8); // only the terminator's \r did not fit
        } else {
            long total = len + beyond - (crlf ? 1 : 0);
            // The marker's length depends on the count; the count of a shorter cut is never longer than `total`.
            int keep = MAX_LINE_BYTES - LineSink.truncationMarker(total).getBytes(StandardCharsets.UTF_8).length;
            // Back off to a character boundary: never keep half of a multi-byte character.
            while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) keep--;
            text = new String(bytes, 0, keep, StandardCharsets.UTF_8) + LineSink.truncationMarker(total - keep);
        }
        try {
            sink.line(stream, text);
        } catch (RuntimeException e) {
            // Keep draining whatever the sink does: a pump that stops reading fills the pipe and hangs the process.
            LOG.warn("dropping a {} line: the sink failed", stream, e);
        }
    }
}
