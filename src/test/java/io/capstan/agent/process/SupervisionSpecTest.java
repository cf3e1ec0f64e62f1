package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.backend.DeploymentConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code health:} and {@code restart:} keys of capstan.yaml, the {@code ${port.NAME}} placeholder, the policy's arithmetic. */
class SupervisionSpecTest {
    private static final Path FOLDER = Path.of("/srv/shop");
    private static final Path FILE = FOLDER.resolve("capstan.yaml");

    private static ProcessSpec parse(String yaml) throws DeploymentConfigException {
        return ProcessSpec.parse(FILE, FOLDER, yaml, Map.of("java", "/opt/jdk/bin/java"));
    }

    @Test
    void readsChecksOfEveryKindWithTheirTimingsAndAPolicy() throws Exception {
        ProcessSpec spec = parse("""
                services:
                  web:
                    command: ["server", "--port", "${port.web}"]
                    health:
                      http: "http://127.0.0.1:${port.web}/health"
                      interval: 2s
                      timeout: 500ms
                      retries: 2
                      startPeriod: 1m
                    restart: {policy: always, backoff: 2s, maxBackoff: 20s, limit: 4, resetAfter: 90s}
                  db:
                    command: ["db"]
                    health: {tcp: "localhost:5432"}
                    restart: on-failure
                  jobs:
                    command: ["jobs"]
                    health: {command: ["${java}", "-version"]}
                """);
        ProcessSpec.ServiceSpec db = spec.services().get(0);
        ProcessSpec.ServiceSpec jobs = spec.services().get(1);
        ProcessSpec.ServiceSpec web = spec.services().get(2);
        String port = web.command().get(2);
        assertThat(Integer.parseInt(port)).isBetween(1, 65535);
        // One port per name, the same wherever the file uses it.
        assertThat(web.health().http()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/health"));
        assertThat(web.health().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(web.health().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(web.health().retries()).isEqualTo(2);
        assertThat(web.health().startPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(web.restart()).isEqualTo(new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofSeconds(2),
                Duration.ofSeconds(20), 4, Duration.ofSeconds(90)));
        assertThat(db.health().tcpHost()).isEqualTo("localhost");
        assertThat(db.health().tcpPort()).isEqualTo(5432);
        assertThat(db.health().interval()).isEqualTo(HealthCheck.DEFAULT_INTERVAL);
        assertThat(db.restart().mode()).isEqualTo(RestartPolicy.Mode.ON_FAILURE);
        assertThat(jobs.restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
        assertThat(jobs.health().command()).containsExactly("/opt/jdk/bin/java", "-version");
        // The definition's line, for the detail view.
        assertThat(web.line()).isEqualTo(2);
        assertThat(db.line()).isEqualTo(11);
    }

    @Test
    void refusesAmbiguousOrBrokenChecksAndPolicies() {
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    health: {tcp: \"a:1\", http: \"http://a/\"}\n"))
                .isInstanceOf(DeploymentConfigException.class).hasMessageContaining("exactly one of http");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    health: {http: \"ftp://a/\"}\n"))
                .hasMessageContaining("is not an http(s) URL");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    health: {tcp: \"nohost\"}\n"))
                .hasMessageContaining("is not host:port");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    health: {command: \"curl -f x\"}\n"))
                .hasMessageContaining("argument vector");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    restart: {policy: sometimes}\n"))
                .hasMessageContaining("policy 'sometimes' is not one of no, on-failure, always");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    restart: {backoff: 10s, maxBackoff: 1s}\n"))
                .hasMessageContaining("maxBackoff at least backoff");
        assertThatThrownBy(() -> parse("services:\n  web:\n    command: [\"x\"]\n    health: {tcp: \"a:1\", interval: soon}\n"))
                .hasMessageContaining("health: interval 'soon' is not a duration");
    }

    @Test
    void backoffDoublesUpToItsCapAndTheLimitCountsCrashesInARow() {
        RestartPolicy p = new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
                Duration.ofSeconds(60));
        assertThat(List.of(p.delay(1), p.delay(2), p.delay(3), p.delay(4), p.delay(40))).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(p.givesUpAt(3)).isFalse();
        assertThat(p.givesUpAt(4)).isTrue();
        assertThat(p.restartsAfter(0)).isFalse();
        assertThat(p.restartsAfter(137)).isTrue();
        assertThat(new RestartPolicy(RestartPolicy.Mode.ALWAYS, p.backoff(), p.maxBackoff(), 3, p.resetAfter()).restartsAfter(0))
                .isTrue();
        assertThat(RestartPolicy.NONE.restartsAfter(1)).isFalse();
    }
}
