package io.capstan.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads {@code text/event-stream} bytes into whole events, on bytes (decision record 97). Every log line the client
 * gets is one {@code data:} field of a {@code lines} batch, so this runs once per line: a line end is found by a scan
 * of the read buffer, the field name is compared as bytes, and a {@code data:} value is copied as bytes into the
 * event's data. No {@code String} is made per field; the event's data stays UTF-8 bytes ({@link SseEvent}), decoded
 * once by whoever reads it.
 *
 * <p>The WHATWG rules: lines end with CRLF, LF or a lone CR (a CR whose LF comes in the next read is still one line
 * end); a leading BOM is skipped; a line starting with a colon is a comment; a field's value loses one leading space;
 * {@code data} fields are joined with LF; an {@code id} holding NUL is ignored; {@code retry} counts only as digits;
 * unknown fields are ignored; a blank line dispatches, and an event without data is not dispatched. One difference:
 * {@link SseEvent#id()} is the event's own {@code id:} field, not the last one seen (the resume point is the caller's).
 * <b>An event still open when the stream ends is never dispatched</b>: a batch cut by a dropped connection is never
 * counted, which is what makes the client's resume exactly-once.
 *
 * <p>Bounds: a line over {@link #MAX_LINE} bytes or an event's data over {@link #MAX_DATA} fails the read (the agent
 * cuts a batch at about 256 KiB and a line at 64 KiB of text, so only a broken or hostile server gets there).
 *
 * <p>Not thread-safe: one reader per connection, used by the one thread that reads it.
 */
public final class SseReader {
    static final int MAX_LINE = 8 << 20;
    static final int MAX_DATA = 32 << 20;

    /** Receives what the reader finds, on the thread that calls {@link #read()}. */
    public interface Listener {
        /** One whole event; a {@link RuntimeException} ends the read with it. */
        void onEvent(SseEvent event);

        /**
         * Asked at an event's first {@code data:} field, with the event's type so far (null when none came yet): a
         * receiver for its fields as they are read, or null to collect them into the event's data.
         */
        default DataFields fields(String type) {
            return null;
        }

        /** A valid {@code retry:} field in milliseconds (the client's backoff is the protocol's, so nobody obeys it). */
        default void onRetry(long millis) {
        }
    }

    private static final int READ = 16 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = bytes("data");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] ID = bytes("id");
    private static final byte[] RETRY = bytes("retry");
    private static final byte[] NONE = new byte[0];

    private final InputStream in;
    private final Listener listener;
    private final int maxLine;
    private final int maxData;
    /** Bytes read and not yet consumed are {@code buf[pos, limit)}; the line being read starts at {@code pos}. */
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** How far past {@code pos} the current line is known to hold no line end, so a long line is scanned once. */
    private int scanned;
    /** The last line ended with a CR: an LF right after it (maybe in the next read) belongs to that line end. */
    private boolean skipLf;
    private boolean firstLine = true;
    private byte[] data = new byte[16 * 1024];
    private int dataLength;
    /** The current event's receiver of data fields, when its listener gave one; then {@code data} stays empty. */
    private DataFields fields;
    /** The type the receiver was asked for: an event that names another one after its data is refused. */
    private String fieldsType;
    private boolean hasData;
    private long eventBytes;
    private String type;
    private String id;

    public SseReader(InputStream in, Listener listener) {
        this(in, listener, MAX_LINE, MAX_DATA);
    }

    /** With other bounds (tests). */
    SseReader(InputStream in, Listener listener, int maxLine, int maxData) {
        this.in = Objects.requireNonNull(in);
        this.listener = Objects.requireNonNull(listener);
        this.maxLine = maxLine;
        this.maxData = maxData;
    }

    /**
     * Reads and dispatches events until the stream ends, then returns (an event still open is dropped). An
     * {@link IOException} is the stream's; a {@link RuntimeException} the listener's, or a bound passed.
     */
    public void read() throws IOException {
        while (true) {
            if (skipLf) {
                if (pos == limit) {
                    if (!fill()) return;
                    continue;
                }
                if (buf[pos] == LF) pos++;
                skipLf = false;
            }
            int end = lineEnd();
            if (end < 0) {
                if (limit - pos > maxLine) throw new IllegalStateException("a line of the event stream over " + maxLine + " bytes");
                if (!fill()) return;
                continue;
            }
            line(pos, end);
            skipLf = buf[end] == CR;
            pos = end + 1;
            scanned = 0;
        }
    }

    /** The index of the CR or LF that ends the line at {@code pos}, or -1 when the buffer holds no end yet. */
    private int lineEnd() {
        byte[] b = buf;
        for (int i = pos + scanned, n = limit; i < n; i++) {
            byte c = b[i];
            if (c <= CR && (c == LF || c == CR)) return i;
        }
        scanned = limit - pos;
        return -1;
    }

    /** Reads more bytes after {@code limit}, making room first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (buf.length - limit < READ && pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) buf = Arrays.copyOf(buf, buf.length * 2); // a long line: bounded by maxLine above
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) return false;
        limit += n;
        return true;
    }

    /** One line, {@code buf[from, to)} without its end. */
    private void line(int from, int to) {
        if (firstLine) {
            firstLine = false;
            if (to - from >= 3 && buf[from] == (byte) 0xEF && buf[from + 1] == (byte) 0xBB && buf[from + 2] == (byte) 0xBF) from += 3;
        }
        if (from == to) {
            dispatch();
        } else if (buf[from] == ':') {
            return; // a comment (": ping"): its bytes kept the connection alive, nothing more
        } else if (to - from > DATA.length && buf[from + DATA.length] == ':' && startsWith(from, DATA)) {
            // The line by far most common (one per log line), so it is tested first.
            int value = from + DATA.length + 1;
            appendData(value < to && buf[value] == ' ' ? value + 1 : value, to);
        } else {
            field(from, to);
        }
    }

    private void field(int from, int to) {
        int colon = from;
        while (colon < to && buf[colon] != ':') colon++;
        int value = colon + 1;
        if (value < to && buf[value] == ' ') value++;
        if (value > to) value = to; // no colon: the whole line is the name, the value empty
        int nameLength = colon - from;
        if (is(from, nameLength, DATA)) {
            appendData(value, to);
        } else if (is(from, nameLength, EVENT)) {
            type = text(value, to);
        } else if (is(from, nameLength, ID)) {
            String v = text(value, to);
            if (v.indexOf('\0') < 0) id = v;
        } else if (is(from, nameLength, RETRY)) {
            retry(value, to);
        }
        // any other field is ignored, as the spec says
    }

    private void retry(int from, int to) {
        if (from == to || to - from > 18) return;
        long ms = 0;
        for (int i = from; i < to; i++) {
            byte c = buf[i];
            if (c < '0' || c > '9') return;
            ms = ms * 10 + (c - '0');
        }
        listener.onRetry(ms);
    }

    private void appendData(int from, int to) {
        int n = to - from;
        eventBytes += n + 1;
        if (eventBytes > maxData) throw new IllegalStateException("an event of the event stream over " + maxData + " bytes");
        if (!hasData) {
            hasData = true;
            fieldsType = type;
            fields = listener.fields(type);
        }
        if (fields != null) {
            fields.field(buf, from, to);
            return;
        }
        int need = dataLength + n + 1;
        if (need > data.length) data = Arrays.copyOf(data, Math.max(need, data.length * 2));
        System.arraycopy(buf, from, data, dataLength, n);
        dataLength += n;
        data[dataLength++] = LF;
    }

    private void dispatch() {
        String eventId = id;
        String eventType = type == null || type.isEmpty() ? "message" : type;
        boolean any = hasData;
        DataFields taken = fields;
        if (taken != null && !Objects.equals(type, fieldsType)) {
            throw new IllegalStateException("an event whose type changed after its data: " + fieldsType + ", then " + type);
        }
        byte[] bytes = taken != null || dataLength == 0 ? NONE : Arrays.copyOf(data, dataLength - 1); // without the last LF
        id = null;
        type = null;
        dataLength = 0;
        hasData = false;
        eventBytes = 0;
        fields = null;
        if (any) listener.onEvent(new SseEvent(eventId, eventType, bytes, taken)); // an event without data is not one
    }

    private boolean startsWith(int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (buf[from + i] != prefix[i]) return false;
        }
        return true;
    }

    private boolean is(int from, int length, byte[] name) {
        return length == name.length && startsWith(from, name);
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
