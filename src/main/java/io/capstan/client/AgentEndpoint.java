package io.capstan.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an agent is and how to prove who we are: a display {@code name}, the {@code baseUrl} (scheme, host,
 * port, no {@code /api/v1}) and the bearer {@code token} (may be null for health checks only).
 *
 * @param pin SHA-256 fingerprint of the certificate the user trusted for this agent (null: only what the system trusts)
 * @param insecure the user saved this connection as plain HTTP to a host that is not loopback, on purpose: only then
 *     does the token travel in clear text off this machine
 * @param ssh when non-null, the agent is reached through an SSH tunnel and {@code baseUrl} is the agent's address as
 *     the SSH server sees it (usually {@code http://127.0.0.1:7417})
 */
public record AgentEndpoint(String name, String baseUrl, String token, String pin, boolean insecure, SshRoute ssh) {

    public AgentEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }

    public AgentEndpoint(String name, String baseUrl, String token) {
        this(name, baseUrl, token, null, false, null);
    }

    public AgentEndpoint withPin(String fingerprint) {
        return new AgentEndpoint(name, baseUrl, token, fingerprint, insecure, ssh);
    }

    /** The same agent with another token (rotated, or fixed by the user). */
    public AgentEndpoint withToken(String next) {
        return new AgentEndpoint(name, baseUrl, next, pin, insecure, ssh);
    }

    /** True when {@code other} is this agent reached the same way, whatever either's token. */
    public boolean sameAgentAs(AgentEndpoint other) {
        return other != null && withToken(null).equals(other.withToken(null));
    }

    /** The same agent at another address (the local end of its SSH tunnel), with everything else kept. */
    public AgentEndpoint at(String url) {
        return new AgentEndpoint(name, url, token, pin, insecure, null);
    }

    /** True for {@code https://}. */
    public boolean https() {
        return baseUrl.toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /**
     * True when the token would cross the network in clear text: plain HTTP to a host that is not loopback, not
     * through SSH. Loopback means the literal names ({@code localhost}, {@code 127.x.x.x}, {@code ::1}), never a
     * lookup, which a hostile resolver could answer with 127.0.0.1.
     */
    public boolean clearTextOffHost() {
        return !https() && ssh == null && !isLoopback(host(baseUrl));
    }

    static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "" : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AgentEndpoint[" + name + " " + baseUrl + (ssh != null ? " via ssh " + ssh.destination() : "") + "]";
    }
}
