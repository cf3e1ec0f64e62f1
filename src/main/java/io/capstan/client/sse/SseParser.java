package io.capstan.client.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Incremental parser for {@code text/event-stream}, fed raw bytes in chunks of any size. It splits lines on
 * bytes (CR, LF or CRLF, even when the CR and LF arrive in different chunks) and decodes only whole lines, so a
 * multi-byte UTF-8 character split across two reads is never corrupted. A leading BOM is skipped. Follows the
 * WHATWG rules: {@code data} lines are joined with LF, {@code id} containing NUL is ignored, {@code retry} must be
 * digits, a blank line dispatches, an event still open when the stream ends is dropped.
 *
 * <p>Not thread-safe: one parser per connection, fed from the one thread that reads that connection.
 */
public final class SseParser {

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

    private final Handler handler;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
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
                line.write(bytes, start, i - start);
                start = i + 1;
                if (b == '\n' && lastWasCr && line.size() == 0) {
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
        line.write(bytes, start, end - start);
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) text = text.substring(1);
        }
        processLine(text);
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
