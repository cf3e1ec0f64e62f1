package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU and memory per service against a real agent and real processes: a shell whose child burns a core (so the
 * figure must come from the whole tree), a JVM that holds 128 MB on purpose, and an idle one to compare with.
 */
class ResourceSamplingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void samplesFollowWhatTheProcessTreesReallyUseAndAreServedAsSeries() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("deployments"));
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app").resolve("capstan.yaml"), """
                services:
                  burner:
                    command: ["/bin/sh", "-c", "yes > /dev/null & wait"]
                    stopTimeout: 3s
                  hog:
                    command: ["${java}", "-Xmx300m", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "hog",
                              "--hold-mb", "128", "--rate", "1"]
                    stopTimeout: 3s
                  idle:
                    command: ["${java}", "-Xmx300m", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "idle",
                              "--rate", "1"]
                    stopTimeout: 3s
                """);
        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"), b -> b.resourceInterval(Duration.ofMillis(300)))) {
            Client client = new Client(agent.baseUrl(), agent.token());
            await().atMost(WAIT).until(() -> client.get("/api/v1/deployments/app").status() == 200);
            assertThat(client.get("/api/v1/deployments/app/services/hog/resources").body().path("samples"))
                    .as("nothing sampled while nothing runs").isEmpty();
            String job = client.startJob("/api/v1/deployments/app/jobs", "start");
            await().atMost(WAIT).until(() -> client.get("/api/v1/jobs/" + job).body().path("job").path("status").asText()
                    .equals("succeeded"));

            // The burner's shell sleeps in wait; only its child works, so a busy figure means the tree was summed.
            await().atMost(WAIT).until(() -> cpu(client, "burner") > 20);
            await().atMost(WAIT).until(() -> memory(client, "hog") > 128 * MB);
            long idle = memory(client, "idle");
            assertThat(idle).as("the idle JVM holds memory too, but not the hog's 128 MB").isPositive()
                    .isLessThan(memory(client, "hog") - 64 * MB);

            JsonNode series = client.get("/api/v1/deployments/app/services/burner/resources").body();
            assertThat(series.path("intervalMillis").asLong()).isEqualTo(300);
            List<Instant> times = new ArrayList<>();
            series.path("samples").forEach(s -> times.add(Instant.parse(s.path("at").asText())));
            assertThat(times).as("oldest first").isSorted().hasSizeGreaterThan(1);
            Instant last = times.get(times.size() - 1);
            Instant before = times.get(times.size() - 2);
            JsonNode after = client.get("/api/v1/deployments/app/services/burner/resources?since=" + before).body();
            assertThat(after.path("samples").get(0).path("at").asText())
                    .as("since is exclusive: a poller gets only what is new").isEqualTo(io.capstan.protocol.Timestamps.format(last));

            JsonNode all = client.get("/api/v1/deployments/app/resources?since=" + last).body();
            assertThat(all.path("services")).extracting(s -> s.path("service").asText())
                    .containsExactly("burner", "hog", "idle");

            assertThat(client.get("/api/v1/deployments/app/resources?since=yesterday").status()).isEqualTo(400);
            assertThat(client.get("/api/v1/deployments/app/services/nope/resources").status()).isEqualTo(404);
            assertThat(client.get("/api/v1/deployments/nope/resources").status()).isEqualTo(404);
            assertThat(new Client(agent.baseUrl(), "wrong").get("/api/v1/deployments/app/resources").status()).isEqualTo(401);

            String stop = client.startJob("/api/v1/deployments/app/services/hog/jobs", "stop");
            await().atMost(WAIT).until(() -> client.get("/api/v1/jobs/" + stop).body().path("job").path("status").asText()
                    .equals("succeeded"));
            await().atMost(WAIT).until(() -> service(client, "hog").path("resources").isNull());
            assertThat(client.get("/api/v1/deployments/app/services/hog/resources").body().path("samples"))
                    .as("a stopped service keeps its hour, to be looked at").isNotEmpty();
        }
    }

    private static JsonNode service(Client client, String name) {
        for (JsonNode s : client.get("/api/v1/deployments/app").body().path("deployment").path("services")) {
            if (s.path("name").asText().equals(name)) return s;
        }
        throw new AssertionError("no service " + name);
    }

    /** From the list, as a services table reads it: the current figures ride on the Service. */
    private static double cpu(Client client, String name) {
        return service(client, name).path("resources").path("cpu").asDouble(-1);
    }

    private static long memory(Client client, String name) {
        return service(client, name).path("resources").path("memory").asLong(-1);
    }
}
