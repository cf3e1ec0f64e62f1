package io.capstan.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;

/** The text of a {@code revoked} event: the agent's message, else a plain default (a client must say why it stopped). */
final class RevokedEvent {
    static final String DEFAULT = "token revoked";

    private RevokedEvent() {
    }

    static String message(String data) {
        try {
            JsonNode n = data == null ? null : ProtocolJson.mapper().readTree(data);
            String m = n == null ? null : n.path("error").path("message").asText(null);
            return m == null || m.isBlank() ? DEFAULT : m;
        } catch (IOException e) {
            return DEFAULT;
        }
    }
}
