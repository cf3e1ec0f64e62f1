package io.capstan.agent.process;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.capstan.agent.backend.DeploymentConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code health:} and {@code restart:} keys of a service in capstan.yaml, checked and typed. */
final class SupervisionSpecs {

    /** {@code health:} as written; exactly one of http, tcp, command. */
    record HealthModel(String http, String tcp, List<String> command, String interval, String timeout, Integer retries,
                       String startPeriod) {
    }

    /** {@code restart:} as written: a map, or only the policy ({@code restart: always}). */
    record RestartModel(String policy, String backoff, String maxBackoff, Integer limit, String resetAfter) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static RestartModel of(String policy) {
            return new RestartModel(policy, null, null, null, null);
        }
    }

    private SupervisionSpecs() {
    }

    static HealthCheck health(String where, HealthModel m, Map<String, String> placeholders)
            throws DeploymentConfigException {
        int kinds = (m.http() == null ? 0 : 1) + (m.tcp() == null ? 0 : 1) + (m.command() == null ? 0 : 1);
        if (kinds != 1) {
            throw new DeploymentConfigException(where + ": give exactly one of http (a URL to GET), tcp (host:port to connect"
                    + " to) or command (an argument vector)");
        }
        URI http = null;
        String host = null;
        int port = 0;
        List<String> command = null;
        if (m.http() != null) {
            http = url(where, ProcessSpec.substitute(m.http(), placeholders));
        } else if (m.tcp() != null) {
            String addr = ProcessSpec.substitute(m.tcp(), placeholders);
            int colon = addr.lastIndexOf(':');
            port = colon < 0 ? -1 : parsePort(addr.substring(colon + 1));
            host = colon < 0 ? "" : addr.substring(0, colon);
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new DeploymentConfigException(where + ": tcp '" + addr + "' is not host:port, e.g. 127.0.0.1:5432");
            }
        } else {
            command = ProcessSpec.argv(where + ": command", m.command(), placeholders);
        }
        Duration interval = duration(where + ": interval", m.interval(), HealthCheck.DEFAULT_INTERVAL);
        Duration timeout = duration(where + ": timeout", m.timeout(), HealthCheck.DEFAULT_TIMEOUT);
        Duration startPeriod = duration(where + ": startPeriod", m.startPeriod(), Duration.ZERO);
        int retries = m.retries() == null ? HealthCheck.DEFAULT_RETRIES : m.retries();
        if (interval.isZero() || timeout.isZero() || retries < 1) {
            throw new DeploymentConfigException(where + ": interval and timeout must be above zero and retries at least 1");
        }
        return new HealthCheck(http, host, port, command, interval, timeout, retries, startPeriod);
    }

    static RestartPolicy restart(String where, RestartModel m) throws DeploymentConfigException {
        RestartPolicy d = RestartPolicy.NONE;
        RestartPolicy.Mode mode = m.policy() == null ? RestartPolicy.Mode.ON_FAILURE : RestartPolicy.Mode.parse(m.policy());
        if (mode == null) {
            throw new DeploymentConfigException(where + ": policy '" + m.policy() + "' is not one of no, on-failure, always");
        }
        Duration backoff = duration(where + ": backoff", m.backoff(), d.backoff());
        Duration maxBackoff = duration(where + ": maxBackoff", m.maxBackoff(), d.maxBackoff());
        Duration resetAfter = duration(where + ": resetAfter", m.resetAfter(), d.resetAfter());
        int limit = m.limit() == null ? d.limit() : m.limit();
        if (backoff.isZero() || maxBackoff.compareTo(backoff) < 0 || limit < 1) {
            throw new DeploymentConfigException(where + ": backoff must be above zero, maxBackoff at least backoff, and"
                    + " limit at least 1");
        }
        return new RestartPolicy(mode, backoff, maxBackoff, limit, resetAfter);
    }

    private static URI url(String where, String text) throws DeploymentConfigException {
        try {
            URI u = new URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new DeploymentConfigException(where + ": http '" + text + "' is not an http(s) URL, e.g."
                + " http://127.0.0.1:8080/health");
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Duration duration(String where, String text, Duration fallback) throws DeploymentConfigException {
        return text == null ? fallback : ProcessSpec.duration(where, text);
    }
}
