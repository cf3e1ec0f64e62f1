package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job-log resume point beyond the job's last line (another job's cursor, a wiped state folder, a broken client):
 * refused with 416 {@code past_the_end} naming where the log ends, on the JSON page and the stream alike, for a
 * finished job and a running one. Before, a running job's stream waited for the job to reach the cursor and skipped
 * every line in between without a trace.
 */
class PastTheEndTest {
    private static ScriptedAgent fx;
    private static TestRuntime shop;

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b);
        shop = fx.catalog.add("shop", "web");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static void assertPastTheEnd(Client.Answer a, long last, String what) {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(416);
        assertThat(a.body().path("error").path("code").asText()).as(what).isEqualTo("past_the_end");
        assertThat(a.body().path("error").path("message").asText()).as(what).endsWith("its output ends at line " + last);
    }

    private static Client.Answer stream(String id, String lastEventId, String query) {
        Request.Builder r = fx.http.req("/api/v1/jobs/" + id + "/log" + query).header("Accept", "text/event-stream");
        if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
        return Client.call(r.build());
    }

    @Test
    void aFinishedJobsLogRefusesAResumePointPastItsEndAndServesItsEnd() {
        String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
        await().until(() -> fx.http.get("/api/v1/jobs/" + id).body().path("job").path("status").asText().equals("succeeded"));
        long last = fx.http.get("/api/v1/jobs/" + id).body().path("job").path("lines").asLong();
        assertThat(last).isPositive();

        assertPastTheEnd(fx.http.get("/api/v1/jobs/" + id + "/log?after=" + (last + 1)), last, "page");
        assertPastTheEnd(stream(id, String.valueOf(last + 500), ""), last, "stream, Last-Event-ID");
        assertPastTheEnd(stream(id, null, "?after=" + (last + 1)), last, "stream, after");
        // Exactly at the end: the end, at once (failure row 26).
        assertThat(fx.http.get("/api/v1/jobs/" + id + "/log?after=" + last).body().path("done").asBoolean()).isTrue();
        try (Client.Stream s = fx.http.stream(fx.http.req("/api/v1/jobs/" + id + "/log")
                .header("Accept", "text/event-stream").header("Last-Event-ID", String.valueOf(last)).build())) {
            assertThat(s.next().type()).isEqualTo("end");
        }
    }

    @Test
    void aRunningJobsLogRefusesAResumePointItHasNotReached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        shop.behaviour = (a, s, out) -> {
            TestRuntime.run(out, "echo", "first");
            release.await(30, TimeUnit.SECONDS);
        };
        try {
            String id = fx.http.startJob("/api/v1/deployments/shop/services/web/jobs", "restart");
            await().until(() -> fx.http.get("/api/v1/jobs/" + id).body().path("job").path("lines").asLong() >= 2);
            long last = fx.http.get("/api/v1/jobs/" + id).body().path("job").path("lines").asLong();
            assertPastTheEnd(stream(id, String.valueOf(last + 1000), ""), last, "running job's stream");
            assertPastTheEnd(fx.http.get("/api/v1/jobs/" + id + "/log?after=" + (last + 1000)), last, "running job's page");
        } finally {
            release.countDown();
            shop.behaviour = (a, s, out) -> TestRuntime.run(out, "echo", a.wire());
        }
    }
}
