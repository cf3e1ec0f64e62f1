package io.capstan.cli;

import io.capstan.agent.StateDirs;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.protocol.Fingerprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the agent is and its token, for every client command. A saved connection ({@code -c NAME} or
 * {@code CAPSTAN_CONNECTION}, the console's list) gives both. Otherwise: option, then environment
 * ({@code CAPSTAN_AGENT}, {@code CAPSTAN_TOKEN}, {@code CAPSTAN_TOKEN_FILE}), then the local agent's defaults
 * ({@code http://127.0.0.1:7417} and the token file in this user's state folder).
 */
public final class ConnectionOptions {
    @Option(names = {"-c", "--connection"}, paramLabel = "NAME",
            description = "A saved connection, as the console lists them (env CAPSTAN_CONNECTION).")
    String connection;

    @Option(names = "--agent", paramLabel = "URL", description = "Agent base URL (env CAPSTAN_AGENT; default http://127.0.0.1:7417).")
    String agent;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the agent's token (env CAPSTAN_TOKEN_FILE, or the token itself in CAPSTAN_TOKEN).")
    Path tokenFile;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "Trust the agent's certificate with this SHA-256 fingerprint (env CAPSTAN_PIN), for scripts; "
                    + "capstan trust URL saves one instead.")
    String pin;

    AgentEndpoint endpoint() {
        return endpoint(System.getenv(), StateDirs.agentState().resolve("agent.token"), SavedConnections.forUser());
    }

    AgentEndpoint endpoint(Map<String, String> env, Path defaultTokenFile, SavedConnections saved) {
        String name = connection != null ? connection : env.get("CAPSTAN_CONNECTION");
        if (name != null && !name.isBlank()) {
            return saved.find(name).orElseThrow(() -> new IllegalArgumentException(
                    "no saved connection '" + name + "' in " + saved.file()));
        }
        String url = agent != null ? agent : env.getOrDefault("CAPSTAN_AGENT", "http://127.0.0.1:7417");
        String fingerprint = pin != null ? pin : env.get("CAPSTAN_PIN");
        if (fingerprint != null && !fingerprint.isBlank() && Fingerprints.normalize(fingerprint) == null) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: " + fingerprint);
        }
        return new AgentEndpoint(url, url, token(env, defaultTokenFile)).withPin(fingerprint == null || fingerprint.isBlank()
                ? null : fingerprint);
    }

    private String token(Map<String, String> env, Path defaultTokenFile) {
        if (tokenFile != null) return read(tokenFile);
        String inline = env.get("CAPSTAN_TOKEN");
        if (inline != null && !inline.isBlank()) return inline.trim();
        String fromEnv = env.get("CAPSTAN_TOKEN_FILE");
        if (fromEnv != null && !fromEnv.isBlank()) return read(Path.of(fromEnv));
        // The local agent's token: readable only by the user who runs it, which is the point.
        return Files.isReadable(defaultTokenFile) ? read(defaultTokenFile) : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }
}
