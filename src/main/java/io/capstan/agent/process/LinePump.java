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
 * drops a trailing {@code \r}, and cuts a line at {@link #MAX_LINE_BYTES} (at a character boundary) with a
 * visible marker, skipping the rest of it: one endless line must not exhaust the agent's memory. Public for the
 * compose backend, whose CLI output is read the same way.
 */
public final class LinePump implements Runnable {
    static final int MAX_LINE_BYTES = 64 * 1024;
    static final String CUT_MARKER = " [… line cut at 64 KiB]";

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
        boolean skipping = false;
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        if (!skipping) emit(line, len, false);
                        len = 0;
                        skipping = false;
                    } else if (!skipping) {
                        if (len == MAX_LINE_BYTES) {
                            emit(line, len, true);
                            len = 0;
                            skipping = true;
                        } else {
                            line[len++] = b;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The process ended or was killed and its pipe closed under us: what was read has been passed on.
        } finally {
            if (len > 0 && !skipping) emit(line, len, false);
        }
    }

    private void emit(byte[] bytes, int len, boolean cut) {
        int end = len;
        if (cut) {
            // Drop a trailing, incomplete UTF-8 sequence so the cut does not leave half a character.
            int i = len - 1;
            while (i > 0 && i > len - 4 && (bytes[i] & 0xC0) == 0x80) i--;
            int lead = bytes[i] & 0xFF;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (i + need > len) end = i;
        } else if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        try {
            sink.line(stream, cut ? text + CUT_MARKER : text);
        } catch (RuntimeException e) {
            // Keep draining whatever the sink does: a pump that stops reading fills the pipe and hangs the process.
            LOG.warn("dropping a {} line: the sink failed", stream, e);
        }
    }
}
