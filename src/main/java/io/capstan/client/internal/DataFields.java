package io.capstan.client.internal;

/**
 * Takes an event's {@code data:} fields as {@link SseReader} reads them, straight from its buffer, instead of having
 * them collected into the event's data: a {@code lines} batch is cut into lines this way without its bytes ever being
 * copied (decision record 97). One instance per event; the event it ends up in carries it ({@link SseEvent#fields()}),
 * and an event the stream cut short is never dispatched, so whatever the instance gathered is simply dropped.
 */
@FunctionalInterface
public interface DataFields {
    /** One field's value, {@code buf[from, to)} in UTF-8 without the line end; the bytes are valid only during the call. */
    void field(byte[] buf, int from, int to);
}
