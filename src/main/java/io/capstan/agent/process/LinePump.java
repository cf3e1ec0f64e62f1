package io.capstan.agent.process;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    /** One read of the pipe: what it holds becomes one batch of lines for the sink (decision record 62). */
    private static final int READ_BYTES = 64 * 1024;

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
        byte[] chunk = new byte[READ_BYTES];
        byte[] line = new byte[MAX_LINE_BYTES]; // a line that spans reads: its start, up to the limit
        int len = 0;
        long beyond = 0; // bytes of that line past what `line` holds
        boolean pending = false; // `line` holds the start of a line (it may be empty so far)
        byte last = 0; // the byte before the next one read (for a \r\n split between two reads)
        List<String> batch = new ArrayList<>();
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = indexOf(chunk, 0, n); i >= 0; i = indexOf(chunk, start, n)) {
                    boolean crlf = i > 0 ? chunk[i - 1] == '\r' : last == '\r';
                    if (pending) {
                        // The line began in an earlier read: finish it in `line`.
                        int take = Math.min(i - start, MAX_LINE_BYTES - len);
                        System.arraycopy(chunk, start, line, len, take);
                        batch.add(text(line, len + take, beyond + (i - start - take), crlf));
                        len = 0;
                        beyond = 0;
                        pending = false;
                    } else {
                        int size = i - start;
                        batch.add(size <= MAX_LINE_BYTES ? text(chunk, start, size, crlf)
                                : text(chunk, start, MAX_LINE_BYTES, size - MAX_LINE_BYTES, crlf));
                    }
                    start = i + 1;
                }
                if (start < n) {
                    // The start (or more) of a line whose end is in a later read.
                    int take = Math.min(n - start, MAX_LINE_BYTES - len);
                    System.arraycopy(chunk, start, line, len, take);
                    len += take;
                    beyond += n - start - take;
                    pending = true;
                }
                last = chunk[n - 1];
                emit(batch);
            }
        } catch (IOException e) {
            // The process ended or was killed and its pipe closed under us: what was read has been passed on.
        } finally {
            if (pending && (len > 0 || beyond > 0)) batch.add(text(line, len, beyond, false));
            emit(batch);
        }
    }

    private static int indexOf(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') return i;
        }
        return -1;
    }

    /** Hands what one read completed to the sink at once, and starts a new batch. */
    private void emit(List<String> batch) {
        if (batch.isEmpty()) return;
        try {
            sink.lines(stream, List.copyOf(batch));
        } catch (RuntimeException e) {
            // Keep draining whatever the sink does: a pump that stops reading fills the pipe and hangs the process.
            LOG.warn("dropping {} {} lines: the sink failed", batch.size(), stream, e);
        }
        batch.clear();
    }

    private static String text(byte[] bytes, int len, long beyond, boolean crlf) {
        return text(bytes, 0, len, beyond, crlf);
    }

    private static String text(byte[] bytes, int from, int len, boolean crlf) {
        return text(bytes, from, len, 0, crlf);
    }

    /**
     * The text of a line: {@code len} bytes of it at {@code bytes[from]}, {@code beyond} more left out.
     *
     * @param crlf the line ended with {@code \r\n}: the {@code \r} is part of the terminator, not of the text
     */
    private static String text(byte[] bytes, int from, int len, long beyond, boolean crlf) {
        if (beyond == 0) {
            int end = crlf && len > 0 ? len - 1 : len;
            return new String(bytes, from, end, StandardCharsets.UTF_8);
        }
        if (beyond == 1 && crlf) {
            return new String(bytes, from, len, StandardCharsets.UTF_8); // only the terminator's \r did not fit
        }
        long total = len + beyond - (crlf ? 1 : 0);
        // The marker's length depends on the count; the count of a shorter cut is never longer than `total`.
        int keep = MAX_LINE_BYTES - LineSink.truncationMarker(total).getBytes(StandardCharsets.UTF_8).length;
        // Back off to a character boundary: never keep half of a multi-byte character.
        while (keep > 0 && (bytes[from + keep] & 0xC0) == 0x80) keep--;
        return new String(bytes, from, keep, StandardCharsets.UTF_8) + LineSink.truncationMarker(total - keep);
    }
}
