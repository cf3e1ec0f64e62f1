package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failure row 15 with the agent's own defaults: a client that drops its stream, politely or abruptly, gives its
 * slot and its request thread back within seconds, so a burst of reconnects cannot lock everyone out with 503;
 * {@code /info} counts the open streams by kind.
 */
class StreamSlotsTest {

    /** The agent as shipped: the default ping interval and stream limit, which decide how fast slots come back. */
    private static ScriptedAgent shippedDefaults() {
        AgentConfig defaults = AgentConfig.builder(ScriptedAgent.tempState()).build();
        return ScriptedAgent.start(b -> b.pingInterval(defaults.pingInterval()).maxStreams(defaults.maxStreams()));
    }

    private static JsonNode streams(ScriptedAgent fx) {
        return fx.http.get("/api/v1/info").body().path("streams");
    }

    private static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("capstan-http")).count();
    }

    @Test
    void infoCountsOpenStreamsByKind() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.maxStreams(7))) {
            fx.catalog.add("shop", "web");
            String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
            JsonNode none = streams(fx);
            assertThat(none.path("open").asInt()).isZero();
            assertThat(none.path("limit").asInt()).isEqualTo(7);
            try (Client.Stream ev = fx.http.stream("/api/v1/events");
                 Client.Stream ev2 = fx.http.stream("/api/v1/events");
                 Client.Stream svc = fx.http.stream("/api/v1/deployments/shop/services/web/logs")) {
                assertThat(ev.next().type()).isEqualTo("hello");
                assertThat(ev2.next().type()).isEqualTo("hello");
                assertThat(svc.response.code()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> streams(fx).path("serviceLogs").asInt() == 1);
                // A finished job's log ends at once, so hold one open by reading its end only after counting.
                try (Client.Stream job = fx.http.stream("/api/v1/jobs/" + id + "/log?after=0")) {
                    JsonNode s = streams(fx);
                    assertThat(s.path("events").asInt()).isEqualTo(2);
                    assertThat(s.path("serviceLogs").asInt()).isEqualTo(1);
                    assertThat(s.path("jobLogs").asInt()).isBetween(0, 1);
                    assertThat(s.path("open").asInt()).isEqualTo(s.path("events").asInt() + s.path("serviceLogs").asInt()
                            + s.path("jobLogs").asInt());
                    job.rest();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> streams(fx).path("open").asInt() == 0);
            JsonNode after = streams(fx);
            assertThat(after.path("events").asInt() + after.path("serviceLogs").asInt() + after.path("jobLogs").asInt()).isZero();
        }
    }

    @Test
    void aBurstOfDroppedStreamsGivesEverySlotAndThreadBack() {
        try (ScriptedAgent fx = shippedDefaults()) {
            TestRuntime shop = fx.catalog.add("shop", "web");
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            shop.behaviour = (a, s, out) -> release.await(); // a running job: its log stream stays open
            String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
            long threadsBefore = httpThreads();
            int bursts = fx.agent().config().maxStreams() + 60;
            int refused = 0;
            for (int i = 0; i < bursts; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/api/v1/events";
                    case 1 -> "/api/v1/deployments/shop/services/web/logs";
                    default -> "/api/v1/jobs/" + id + "/log";
                };
                if (!openAndDrop(fx, path, i % 2 == 0)) refused++;
            }
            long dropped = System.nanoTime();
            // Every slot comes back within seconds (the ping interval bounds it), not at the next 15 s heartbeat.
            await().atMost(Duration.ofSeconds(15)).until(() -> streams(fx).path("open").asInt() == 0);
            long freedMillis = (System.nanoTime() - dropped) / 1_000_000;
            try (Client.Stream st = fx.http.stream("/api/v1/events")) {
                assertThat(st.response.code()).isEqualTo(200);
                assertThat(st.next().type()).isEqualTo("hello");
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> httpThreads() <= threadsBefore + 2);
            System.out.printf("dropped %d streams (%d refused during the burst); all slots free %d ms after the last;"
                    + " request threads %d before, %d after%n", bursts, refused, freedMillis, threadsBefore, httpThreads());
        }
    }

    /**
     * Opens a stream on a raw socket, waits for its first comment, and drops the connection: with a reset when
     * {@code abrupt}, else with an ordinary close. False when the agent refused the stream (503).
     */
    private static boolean openAndDrop(ScriptedAgent fx, String path, boolean abrupt) {
        try (Socket s = new Socket("127.0.0.1", fx.agent().port())) {
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fx.agent().port() + "\r\nAuthorization: Bearer "
                    + fx.agent().token() + "\r\nAccept: text/event-stream\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            String status = readUntil(in, "\r\n");
            if (status.startsWith("HTTP/1.1 503")) return false;
            assertThat(status).startsWith("HTTP/1.1 200");
            readUntil(in, ": ok\n\n");
            if (abrupt) s.setSoLinger(true, 0);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            b.append((char) c);
            if (b.toString().endsWith(end)) break;
        }
        return b.toString();
    }
}
