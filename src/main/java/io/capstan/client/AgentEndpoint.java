package io.capstan.client;

import java.util.Objects;

/**
 * Where an agent is and how to prove who we are: a display {@code name}, the {@code baseUrl} (scheme, host,
 * port, no {@code /api/v1}) and the bearer {@code token} (may be null for health checks only).
 */
public record AgentEndpoint(String name, String baseUrl, String token) {

    public AgentEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AgentEndpoint[" + name + " " + baseUrl + "]";
    }
}
