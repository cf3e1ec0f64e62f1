package io.capstan.bench;

import io.capstan.client.sse.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client's own SSE parser until decision record 61, kept here as the baseline {@link SseDecodeComparison} measures
 * okhttp-sse's reader against. Incremental parser for {@code text/event-stream}, fed raw bytes in chunks of any size. It splits lines on
 * bytes (CR, LF or CRLF, even when the CR and LF arrive in different chunks) and decodes only whole lines, so a
 * multi-byte UTF-8 character split across two reads is never corrupted. A leading BOM is skipped. Follows the
 * WHATWG rules: {@code data} lines are joined with LF, {@code id} containing NUL is ignored, {@code retry} must be
 * digits, a blank line dispatches, an event still open when the stream ends is dropped.
 *
 * <p>Not thread-safe: one parser per connection, fed from the one thread that reads that connection.
 */
final class SseParser {

    /** Receives what the parser finds; called on the thread that calls {@link #feed}. */
    public interface Handler {
        void onEvent(SseEvent event);

        /** A comment line ({@code : ping}) without the colon and one optional leading space. */
        default void onComment(String comment) {
        }

        /** A valid {@code retry:} field, in milliseconds. */
        default void onRetry(long millis) {
        }
    }

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final Handler handler;
    /** The bytes of the line being read (a plain array, so a {@code data:} field is decoded from it without a copy). */
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean lastWasCr;
    private boolean firstLine = true;
    private boolean hasData;
    private String eventType;
    private String eventId;

    public SseParser(Handler handler) {
        this.handler = handler;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                append(bytes, start, i - start);
                start = i + 1;
                if (b == '\n' && lastWasCr && lineLength == 0) {
                    // second half of a CRLF whose CR already ended the line
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                endLine();
            } else {
                lastWasCr = false;
            }
        }
        append(bytes, start, end - start);
    }

    private void append(byte[] bytes, int from, int length) {
        if (length == 0) return;
        if (lineLength + length > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        System.arraycopy(bytes, from, line, lineLength, length);
        lineLength += length;
    }

    private void endLine() {
        int n = lineLength;
        lineLength = 0;
        if (!firstLine && n >= DATA.length && startsWithData()) {
            // The common line by far (one per log line in a batch): decoded straight into the event's data.
            int from = DATA.length;
            if (from < n && line[from] == ' ') from++;
            decodeInto(data, line, from, n);
            data.append('\n');
            hasData = true;
            return;
        }
        String text = new String(line, 0, n, StandardCharsets.UTF_8);
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) text = text.substring(1);
        }
        processLine(text);
    }

    private boolean startsWithData() {
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) return false;
        }
        return true;
    }

    /** UTF-8 bytes {@code a[from..to)} onto {@code out}: ASCII char by char, anything else through the JDK's decoder. */
    private static void decodeInto(StringBuilder out, byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] < 0) {
                out.append(new String(a, i, to - i, StandardCharsets.UTF_8));
                return;
            }
            out.append((char) a[i]);
        }
    }

    private void processLine(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            handler.onComment(stripOneSpace(text.substring(1)));
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : stripOneSpace(text.substring(colon + 1));
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) eventId = value;
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 19) {
                    handler.onRetry(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored, as the spec requires
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            data.setLength(data.length() - 1);
            String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
            SseEvent event = new SseEvent(eventId, type, data.toString());
            reset();
            handler.onEvent(event);
        } else {
            reset();
        }
    }

    private void reset() {
        data.setLength(0);
        hasData = false;
        eventType = null;
        eventId = null;
    }

    private static String stripOneSpace(String s) {
        return s.startsWith(" ") ? s.substring(1) : s;
    }
}
