package io.capstan.agent.process;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A service's health check from capstan.yaml: exactly one of an HTTP GET ({@code http}: healthy on a 2xx or 3xx
 * answer), a TCP connect ({@code tcp}: {@code host:port}) or a command (an argument vector run in the service's
 * folder and environment: healthy on exit code 0). Probed every {@code interval}, each probe given {@code timeout};
 * {@code retries} failures in a row make the service unhealthy, but failures within {@code startPeriod} of its start
 * do not count (a slow start is not a sick service). A success at any time makes it healthy.
 */
public record HealthCheck(URI http, String tcpHost, int tcpPort, List<String> command, Duration interval,
                          Duration timeout, int retries, Duration startPeriod) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;

    /** How the check is described in log lines and the detail view: {@code GET http://127.0.0.1:8080/health}. */
    public String describe() {
        if (http != null) return "GET " + http;
        if (command != null) return String.join(" ", command);
        return "connect " + tcpHost + ":" + tcpPort;
    }
}
