package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.agent.auth.TokenFile;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job request sent again with its {@code Idempotency-Key} (its answer was lost to a dropped connection) gets the job
 * the first one made, not a second job: a Restart that reached the agent restarts once. Failure rows 295-298.
 */
class RepeatedJobRequestTest {
    private static final String WEB = "/api/v1/deployments/shop/services/web/jobs";
    private static final String API = "/api/v1/deployments/shop/services/api/jobs";
    private static final String SHOP = "/api/v1/deployments/shop/jobs";

    private ScriptedAgent fx;
    private TestRuntime rt;

    /** An answer with the headers this test reads. */
    private record Answer(int status, JsonNode body, String replayed, String location, String retryAfter) {
        String job() {
            return body.path("job").path("id").asText();
        }

        String code() {
            return body.path("error").path("code").asText();
        }
    }

    @BeforeEach
    void start() {
        fx = ScriptedAgent.start(b -> b);
        rt = fx.catalog.add("shop", "web", "api");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void theSameRequestSentAgainGetsTheFirstJobAndNoSecondOne() {
        AtomicInteger performed = countActions();
        Answer first = post(fx.http, WEB, "restart", "\"k-1\"");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.replayed()).isNull();
        await().until(() -> status(first.job()).equals("succeeded"));

        // After the first job ended (the target is free again, so a new job could be made): still the same job.
        Answer again = post(fx.http, WEB, "restart", "\"k-1\"");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.job()).isEqualTo(first.job());
        assertThat(again.replayed()).isEqualTo("true");
        assertThat(again.location()).isEqualTo("/api/v1/jobs/" + first.job());
        assertThat(again.body().path("job").path("status").asText()).as("the job as it is now").isEqualTo("succeeded");
        // The bare form of the same key is the same key.
        assertThat(post(fx.http, WEB, "restart", "k-1").job()).isEqualTo(first.job());
        assertThat(jobsOf("web")).containsExactly(first.job());
        assertThat(performed).as("the action ran once").hasValue(1);

        // Without a key, every request is a new one, as before.
        Answer plain = post(fx.http, WEB, "restart", null);
        assertThat(plain.status()).isEqualTo(202);
        assertThat(plain.job()).isNotEqualTo(first.job());
    }

    @Test
    void aRepeatThatReachesTheAgentAfterItRestartedGetsTheFirstJob() {
        AtomicInteger performed = countActions();
        Answer first = post(fx.http, WEB, "restart", "\"k-restart\"");
        Answer notMade = post(fx.http, API, "restart", "\"k-other\"");
        await().until(() -> status(first.job()).equals("succeeded") && status(notMade.job()).equals("succeeded"));

        // The agent restarts on its state folder (a crash, a service manager's restart) before the client's repeat.
        AgentConfig settings = fx.agent().config();
        fx.close();
        fx = ScriptedAgent.start(settings);
        rt = fx.catalog.add("shop", "web", "api");
        AtomicInteger performedAfter = new AtomicInteger();
        rt.behaviour = (a, s, out) -> performedAfter.incrementAndGet();

        Answer again = post(fx.http, WEB, "restart", "\"k-restart\"");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.job()).as("the job the first request made, from before the restart").isEqualTo(first.job());
        assertThat(again.replayed()).isEqualTo("true");
        assertThat(again.body().path("job").path("status").asText()).isEqualTo("succeeded");
        Answer reused = post(fx.http, WEB, "stop", "\"k-restart\"");
        assertThat(reused.status()).as("still one request per key").isEqualTo(422);
        assertThat(jobsOf("web")).containsExactly(first.job());
        assertThat(performed).hasValue(2);
        assertThat(performedAfter).as("nothing ran again").hasValue(0);
    }

    @Test
    void aRepeatWhileTheFirstJobRunsGetsThatJobNotBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        rt.behaviour = (a, s, out) -> release.await();
        Answer first = post(fx.http, WEB, "stop", "\"k-2\"");
        Answer again = post(fx.http, WEB, "stop", "\"k-2\"");
        assertThat(again.status()).as("not 409: it is the same request").isEqualTo(202);
        assertThat(again.job()).isEqualTo(first.job());
        // Another request on the held target is refused as ever, naming the job that holds it.
        Answer other = post(fx.http, WEB, "stop", "\"k-3\"");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("error").path("job").asText()).isEqualTo(first.job());
        release.countDown();
        await().until(() -> status(first.job()).equals("succeeded"));
        // k-3 made nothing, so it is not kept: the same request now makes its job.
        Answer retried = post(fx.http, WEB, "stop", "\"k-3\"");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.replayed()).isNull();
        assertThat(jobsOf("web")).containsExactlyInAnyOrder(first.job(), retried.job());
    }

    @Test
    void aKeySentWithAnotherRequestIsRefusedAndStartsNothing() {
        Answer first = post(fx.http, WEB, "restart", "\"k-4\"");
        await().until(() -> status(first.job()).equals("succeeded"));
        for (String[] other : List.of(new String[] {WEB, "stop"}, new String[] {API, "restart"}, new String[] {SHOP, "restart"})) {
            Answer refused = post(fx.http, other[0], other[1], "\"k-4\"");
            assertThat(refused.status()).as(other[0] + " " + other[1]).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("idempotency_key_reused");
            assertThat(refused.body().path("error").path("message").asText()).contains("restart shop/web");
        }
        assertThat(jobsOf(null)).containsExactly(first.job());
    }

    @Test
    void aKeyBelongsToTheTokenThatSentIt() throws Exception {
        String ci = new TokenFile(fx.agent().stateDir()).add("ci");
        Client asCi = new Client(fx.agent().baseUrl(), ci);
        Answer owner = post(fx.http, WEB, "restart", "\"shared\"");
        await().until(() -> status(owner.job()).equals("succeeded"));
        Answer other = post(asCi, WEB, "restart", "\"shared\"");
        assertThat(other.status()).isEqualTo(202);
        assertThat(other.job()).as("another caller's key is another key").isNotEqualTo(owner.job());
        assertThat(other.replayed()).isNull();
    }

    @Test
    void aMalformedKeyIsABadRequestAndStartsNothing() {
        List<String> bad = new ArrayList<>(List.of("\"\"", "\"a b\"", "\"" + "x".repeat(256) + "\"", "a\\b"));
        for (String key : bad) {
            Answer refused = post(fx.http, WEB, "restart", key);
            assertThat(refused.status()).as(key).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("bad_request");
            assertThat(refused.body().path("error").path("message").asText()).contains("Idempotency-Key");
        }
        Request twice = fx.http.req(WEB).post(RequestBody.create("{\"action\":\"restart\"}", Client.JSON))
                .addHeader("Idempotency-Key", "\"a\"").addHeader("Idempotency-Key", "\"b\"").build();
        Answer refused = call(twice);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("message").asText()).contains("more than one Idempotency-Key");
        // Bytes beyond ASCII, which OkHttp would not send.
        String body = "{\"action\":\"restart\"}";
        RawHttp.Answer latin = RawHttp.exchange(fx.port(), "POST " + WEB + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + fx.agent().token() + "\r\nContent-Type: application/json\r\nIdempotency-Key: \"caf\u00e9\"\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(latin.status()).isEqualTo(400);
        assertThat(latin.code()).isEqualTo("bad_request");
        assertThat(jobsOf(null)).isEmpty();
        // The longest key allowed is a key.
        assertThat(post(fx.http, WEB, "restart", "\"" + "x".repeat(255) + "\"").status()).isEqualTo(202);
    }

    /** Every action runs a real process and is counted. */
    private AtomicInteger countActions() {
        AtomicInteger performed = new AtomicInteger();
        rt.behaviour = (a, s, out) -> {
            performed.incrementAndGet();
            TestRuntime.run(out, "echo", "restarted");
        };
        return performed;
    }

    private Answer post(Client client, String path, String action, String key) {
        Request.Builder b = client.req(path).post(RequestBody.create("{\"action\":\"" + action + "\"}", Client.JSON));
        if (key != null) b.header("Idempotency-Key", key);
        return call(b.build());
    }

    private static Answer call(Request request) {
        try (Response res = Client.HTTP.newCall(request).execute()) {
            JsonNode body = ProtocolJson.mapper().readTree(res.body().string());
            return new Answer(res.code(), body, res.header("Idempotent-Replayed"), res.header("Location"),
                    res.header("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(String id) {
        return fx.http.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    private List<String> jobsOf(String service) {
        JsonNode jobs = fx.http.get("/api/v1/jobs?deployment=shop" + (service == null ? "" : "&service=" + service))
                .body().path("jobs");
        List<String> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.path("id").asText()));
        return ids;
    }
}
