package io.capstan.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One dispatched Server-Sent Event. {@code id} is the event's own {@code id:} field, or null when it had none (the
 * stream's last event id is tracked by whoever resumes, not here); {@code type} is {@code "message"} when the event
 * named none; the data is its {@code data:} fields joined by newlines, without the final one.
 *
 * <p>The data stays the UTF-8 bytes it came in as (a JSON event is read by the mapper from bytes; {@link #data()}
 * decodes the whole text once, for whoever wants a string), or, for an event whose fields went to a {@link DataFields}
 * as they were read (a {@code lines} batch, cut into lines straight from the read buffer: decision record 97), it is
 * empty and {@link #fields()} is that receiver.
 */
public final class SseEvent {
    private final String id;
    private final String type;
    private final byte[] data;
    private final DataFields fields;
    private String text;

    /** Takes {@code data} as it is: whoever passes it does not change it afterwards. */
    public SseEvent(String id, String type, byte[] data) {
        this(id, type, data, null);
    }

    /** An event whose data fields went to {@code fields} as they were read (its data is then empty). */
    SseEvent(String id, String type, byte[] data, DataFields fields) {
        this.id = id;
        this.type = Objects.requireNonNull(type);
        this.data = Objects.requireNonNull(data);
        this.fields = fields;
    }

    /** An event with text data (tests, fixtures). */
    public static SseEvent of(String id, String type, String data) {
        return new SseEvent(id, type, data.getBytes(StandardCharsets.UTF_8));
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    /** The data as text (malformed UTF-8 read as U+FFFD, as an SSE decoder must). */
    public String data() {
        String t = text;
        if (t == null) {
            t = new String(data, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** The data's UTF-8 bytes, not a copy: read them, never change them. */
    public byte[] dataBytes() {
        return data;
    }

    /** The receiver that took this event's data fields as they were read, or null when they are in the data. */
    public DataFields fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent e && Objects.equals(id, e.id) && type.equals(e.type) && Arrays.equals(data, e.data)
                && Objects.equals(fields, e.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, Arrays.hashCode(data), fields);
    }

    @Override
    public String toString() {
        return "SseEvent[id=" + id + ", type=" + type + ", data=" + data() + "]";
    }
}
