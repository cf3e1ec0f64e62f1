package io.capstan.client;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * "The agent on host X, through SSH": the system's {@code ssh} logs in to {@code destination} ({@code [user@]host}, or a
 * {@code Host} alias from the user's SSH config) on {@code port} (0: SSH's own default or config) and forwards a local
 * port to the agent's address as that host sees it. Decision record 72.
 */
public record SshRoute(String destination, int port) {
    /** A user and host as SSH takes them; nothing that starts with {@code -} (it would be read as an option). */
    private static final Pattern DESTINATION = Pattern.compile("([A-Za-z0-9._][A-Za-z0-9._-]*@)?[A-Za-z0-9_\\[][A-Za-z0-9._:%\\]-]*");

    public SshRoute {
        Objects.requireNonNull(destination, "destination");
        if (!DESTINATION.matcher(destination).matches()) {
            throw new IllegalArgumentException("not an SSH destination ([user@]host): " + destination);
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("not a port: " + port);
    }
}
