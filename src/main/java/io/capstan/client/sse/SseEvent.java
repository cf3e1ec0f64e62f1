package io.capstan.client.sse;

/**
 * One dispatched Server-Sent Event. {@code id} is the event's own {@code id:} field, or null when it had none
 * (the stream's last event id is tracked by whoever resumes, not here); {@code type} is {@code "message"} when
 * the event named none; {@code data} is the joined {@code data:} lines without the final newline.
 */
public record SseEvent(String id, String type, String data) {
}
