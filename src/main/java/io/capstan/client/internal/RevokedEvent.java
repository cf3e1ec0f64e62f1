package io.capstan.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;

/**
 * The agent's refusal of a known token, read from a {@code revoked} event or a 401's body: {@code error.reason} set
 * (revoked, rotated) makes it a {@link StreamState.StopReason#REVOKED} with the agent's message; a 401 without one is a
 * plain {@link StreamState.StopReason#UNAUTHORIZED}. Typed by the reason, never by the message's words.
 */
final class RevokedEvent {
    static final String DEFAULT = "token revoked";
    static final String REFUSED = "the agent refused the token";

    private RevokedEvent() {
    }

    /** A {@code revoked} event always means revoked, whatever its data: a client must say why it stopped. */
    static StreamState.Stopped ofEvent(String data) {
        String m = message(data);
        return new StreamState.Stopped(StreamState.StopReason.REVOKED, m == null ? DEFAULT : m);
    }

    /** A 401's body: revoked when the agent gave a reason, else the plain refusal. */
    static StreamState.Stopped of401(int code, String body) {
        JsonNode error = error(body);
        String reason = error == null ? null : error.path("reason").asText(null);
        String m = error == null ? null : error.path("message").asText(null);
        if (reason != null && !reason.isBlank()) {
            return new StreamState.Stopped(StreamState.StopReason.REVOKED, m == null || m.isBlank() ? DEFAULT : m);
        }
        return new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP " + code + ": " + REFUSED);
    }

    static String message(String data) {
        JsonNode error = error(data);
        String m = error == null ? null : error.path("message").asText(null);
        return m == null || m.isBlank() ? DEFAULT : m;
    }

    /** The agent's message in an error body, or null when there is none. */
    static String errorMessage(String body) {
        JsonNode error = error(body);
        String m = error == null ? null : error.path("message").asText(null);
        return m == null || m.isBlank() ? null : m;
    }

    private static JsonNode error(String data) {
        try {
            JsonNode n = data == null || data.isBlank() ? null : ProtocolJson.mapper().readTree(data);
            return n == null ? null : n.path("error");
        } catch (IOException e) {
            return null;
        }
    }
}
