package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks and restart policies against a real agent and real processes: the demo service's own health
 * endpoint, a service that crashes on purpose, probes by HTTP, TCP and command. What a client sees: the status
 * fields, the start job's verdict and its output, and the {@code service} events.
 */
class ServiceHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEMO = "[\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", \"--name\", ";

    @TempDir
    Path tmp;

    private RealAgent agent;
    private Client client;
    private Client.Stream events;
    private Thread reader;
    private final List<Client.Event> seen = new CopyOnWriteArrayList<>();

    private void start(String yaml) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("shop"));
        Files.writeString(root.resolve("shop").resolve("capstan.yaml"), yaml);
        agent = ScriptedAgent.processAgent(root, tmp.resolve("state"));
        client = new Client(agent.baseUrl(), agent.token());
        await().atMost(WAIT).until(() -> client.get("/api/v1/deployments/shop").status() == 200);
        events = client.stream("/api/v1/events");
        reader = new Thread(() -> {
            try {
                Client.Event e;
                while ((e = events.next()) != null) seen.add(e);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "test-events");
        reader.setDaemon(true);
        reader.start();
        await().atMost(WAIT).until(() -> seen.stream().anyMatch(e -> e.type().equals("hello")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        // The agent first: it ends the event stream, so the reader thread is done before the response is closed.
        if (agent != null) agent.close();
        if (reader != null) reader.join(10_000);
        if (events != null) events.close();
    }

    @Test
    void aStartWaitsForTheHealthEndpointAndTheServiceReportsHealthy() throws Exception {
        start("services:\n  web:\n    command: " + DEMO + "\"web\", \"--warmup\", \"2\", \"--health-port\", \"${port.web}\"]\n"
                + "    stopTimeout: 3s\n"
                + "    health: {http: \"http://127.0.0.1:${port.web}/health\", interval: 200ms, timeout: 1s, startPeriod: 20s}\n");
        String job = client.startJob("/api/v1/deployments/shop/services/web/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(job));
        assertThat(jobField(job, "status")).isEqualTo("succeeded");
        // It ended only once the endpoint answered 200, after the warm-up's 503s.
        assertThat(texts(job)).anyMatch(t -> t.startsWith("waiting for web to be healthy (GET http://127.0.0.1:"))
                .anyMatch(t -> t.equals("web is healthy: HTTP 200: ok"));
        assertThat(service("web").path("health").asText()).isEqualTo("healthy");
        assertThat(service("web").path("restarts").asInt()).isZero();
        assertThat(service("web").path("crashLooping").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> serviceEvents().stream().anyMatch(e -> e.path("kind").asText().equals("health")
                && e.path("health").asText().equals("healthy") && e.path("service").asText().equals("web")));

        String stop = client.startJob("/api/v1/deployments/shop/services/web/jobs", "stop");
        await().atMost(WAIT).until(() -> terminal(stop));
        assertThat(service("web").path("health").isNull()).as("no health while stopped").isTrue();
    }

    @Test
    void aCheckThatNeverPassesFailsTheStartWithItsLastOutput() throws Exception {
        start("services:\n  web:\n    command: " + DEMO + "\"web\", \"--health\", \"sick\", \"--health-port\", \"${port.web}\"]\n"
                + "    stopTimeout: 3s\n"
                + "    health: {http: \"http://127.0.0.1:${port.web}/health\", interval: 100ms, retries: 2, startPeriod: 10s}\n"
                + "  db:\n    command: " + DEMO + "\"db\"]\n    stopTimeout: 3s\n"
                + "    health: {tcp: \"127.0.0.1:${port.nobody}\", interval: 100ms, retries: 1}\n"
                + "  jobs:\n    command: " + DEMO + "\"jobs\"]\n    stopTimeout: 3s\n"
                + "    health: {command: [\"/bin/sh\", \"-c\", \"echo queue stuck >&2; exit 3\"], interval: 100ms, retries: 1}\n");
        String web = client.startJob("/api/v1/deployments/shop/services/web/jobs", "start");
        String db = client.startJob("/api/v1/deployments/shop/services/db/jobs", "start");
        String jobs = client.startJob("/api/v1/deployments/shop/services/jobs/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(web) && terminal(db) && terminal(jobs));
        assertThat(jobField(web, "status")).isEqualTo("failed");
        assertThat(jobField(web, "error")).isEqualTo("web did not become healthy; last check: HTTP 503: database unreachable");
        assertThat(jobField(db, "error")).startsWith("db did not become healthy; last check: connection refused");
        assertThat(jobField(jobs, "error")).isEqualTo("jobs did not become healthy; last check: exit code 3: queue stuck");
        // The process is left running, unhealthy, for the operator to look at.
        assertThat(service("web").path("status").asText()).isEqualTo("running");
        assertThat(service("web").path("health").asText()).isEqualTo("unhealthy");
        await().atMost(WAIT).until(() -> serviceEvents().stream().filter(e -> e.path("health").asText().equals("unhealthy"))
                .map(e -> e.path("service").asText()).distinct().count() == 3);
    }

    @Test
    void aServiceThatCrashesIsRestartedWithBackoffUntilTheLimitThenLeftCrashLooping() throws Exception {
        start("services:\n  worker:\n    command: " + DEMO + "\"worker\", \"--exit-after\", \"0.6\", \"--exit-code\", \"3\"]\n"
                + "    restart: {policy: on-failure, backoff: 100ms, maxBackoff: 400ms, limit: 2}\n");
        String job = client.startJob("/api/v1/deployments/shop/services/worker/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(job));
        assertThat(jobField(job, "status")).isEqualTo("succeeded");

        await().atMost(WAIT).until(() -> service("worker").path("crashLooping").asBoolean());
        JsonNode worker = service("worker");
        assertThat(worker.path("status").asText()).isEqualTo("exited");
        assertThat(worker.path("exitCode").asInt()).isEqualTo(3);
        assertThat(worker.path("restarts").asInt()).isEqualTo(2);
        await().atMost(WAIT).until(() -> kinds("worker").contains("crash-looping"));
        assertThat(kinds("worker")).containsExactly("crashed", "restarted", "crashed", "restarted", "crashed", "crash-looping");
        assertThat(serviceEvents().get(0).path("exitCode").asInt()).isEqualTo(3);
        assertThat(serviceLog("worker"))
                .anyMatch(t -> t.equals("worker exited with code 3; restarting in 100ms (restart policy on-failure)"))
                .anyMatch(t -> t.equals("worker exited with code 3; restarting in 200ms (restart policy on-failure)"))
                .anyMatch(t -> t.startsWith("worker exited with code 3; crash-looping: 3 crashes in a row"));

        // An operator's start begins afresh.
        String again = client.startJob("/api/v1/deployments/shop/services/worker/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(again));
        assertThat(service("worker").path("restarts").asInt()).isZero();
        assertThat(service("worker").path("crashLooping").asBoolean()).isFalse();
    }

    @Test
    void aStopDuringTheBackoffCancelsThePendingRestart() throws Exception {
        start("services:\n  worker:\n    command: " + DEMO + "\"worker\", \"--exit-after\", \"0.5\"]\n"
                + "    restart: {policy: always, backoff: 3s}\n");
        String job = client.startJob("/api/v1/deployments/shop/services/worker/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(job));
        // Down and coming back by itself: "restarting", with when, and the deployment is not "failed".
        await().atMost(WAIT).until(() -> service("worker").path("status").asText().equals("restarting"));
        JsonNode worker = service("worker");
        assertThat(worker.path("exitCode").asInt()).isEqualTo(1);
        Instant due = Instant.parse(worker.path("restartAt").asText());
        // The backoff (3 s) after the exit, counted from when the restart was scheduled, a moment after the exit.
        Instant exited = Instant.parse(worker.path("since").asText());
        assertThat(due).isAfterOrEqualTo(exited.plusSeconds(3)).isBefore(exited.plusSeconds(4));
        assertThat(deploymentStatus()).isEqualTo("restarting");
        assertThat(kinds("worker")).containsExactly("crashed");
        String stop = client.startJob("/api/v1/deployments/shop/services/worker/jobs", "stop");
        await().atMost(WAIT).until(() -> terminal(stop));
        assertThat(service("worker").path("restartAt").isNull() || service("worker").path("restartAt").isMissingNode())
                .isTrue();
        assertThat(deploymentStatus()).isEqualTo("stopped");
        // Past the backoff the restart would have come; it does not.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> service("worker").path("status").asText().equals("stopped")
                        && service("worker").path("restarts").asInt() == 0);
    }

    @Test
    void aRestartThatCannotLaunchLeavesTheServiceExitedAndTheDeploymentFailed() throws Exception {
        // The program is a link the test removes while the service waits for its restart: the restart cannot fork it.
        Path program = Files.createSymbolicLink(tmp.resolve("svc"), Path.of(System.getProperty("java.home"), "bin", "java"));
        start("services:\n  worker:\n    command: [\"" + program + "\", \"-cp\", \"${classpath}\", "
                + "\"io.capstan.demo.DemoService\", \"--name\", \"worker\", \"--exit-after\", \"0.6\", \"--exit-code\", \"4\"]\n"
                + "    restart: {policy: on-failure, backoff: 2s}\n");
        String job = client.startJob("/api/v1/deployments/shop/services/worker/jobs", "start");
        await().atMost(WAIT).until(() -> terminal(job));
        await().atMost(WAIT).until(() -> service("worker").path("status").asText().equals("restarting"));
        Files.delete(program);
        // Not "restarting" for ever: once the restart has failed, the crash stands.
        await().atMost(WAIT).until(() -> service("worker").path("status").asText().equals("exited"));
        assertThat(service("worker").path("exitCode").asInt()).isEqualTo(4);
        assertThat(service("worker").path("restartAt").isNull() || service("worker").path("restartAt").isMissingNode())
                .isTrue();
        assertThat(deploymentStatus()).isEqualTo("failed");
        assertThat(serviceLog("worker", "restart of worker failed")).anyMatch(t -> t.startsWith("restart of worker failed"));
    }

    private String deploymentStatus() {
        return client.get("/api/v1/deployments/shop").body().path("deployment").path("status").asText();
    }

    private boolean terminal(String job) {
        return List.of("succeeded", "failed", "canceled", "interrupted").contains(jobField(job, "status"));
    }

    private String jobField(String job, String field) {
        return client.get("/api/v1/jobs/" + job).body().path("job").path(field).asText();
    }

    private List<String> texts(String job) {
        return client.get("/api/v1/jobs/" + job + "/log?limit=10000").body().path("lines").findValuesAsText("text");
    }

    private JsonNode service(String name) {
        for (JsonNode s : client.get("/api/v1/deployments/shop").body().path("deployment").path("services")) {
            if (s.path("name").asText().equals(name)) return s;
        }
        throw new AssertionError("no service " + name);
    }

    private List<JsonNode> serviceEvents() {
        return seen.stream().filter(e -> e.type().equals("service")).map(Client.Event::json).toList();
    }

    private List<String> kinds(String service) {
        return serviceEvents().stream().filter(e -> e.path("service").asText().equals(service))
                .map(e -> e.path("kind").asText()).toList();
    }

    private List<String> serviceLog(String service) {
        return serviceLog(service, "crash-looping");
    }

    private List<String> serviceLog(String service, String last) {
        List<String> out = new java.util.ArrayList<>();
        try (Client.Stream s = client.stream("/api/v1/deployments/shop/services/" + service + "/logs?tail=1000")) {
            // The log stream never ends: read what is held, up to the last line the test waits for.
            Client.Event e;
            while ((e = s.next()) != null) {
                String text = e.json().path("text").asText();
                out.add(text);
                if (text.contains(last)) break;
            }
        }
        return out;
    }
}
