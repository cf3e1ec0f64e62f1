package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every resumable stream (a job's log, a service's log, the agent's events) reads a resume point by one rule
 * (docs/protocol.md "Resume points", decision record 130): 0 and anything up to the end go on right after it;
 * exactly at the end is the end (a finished job) or live (the others); one past or far past the end of the log
 * (in this epoch, where the stream has epochs) is 416 {@code past_the_end} naming where it ends; a malformed one is
 * 400; a well-formed one of another epoch is a fresh start. Before, a service log's impossible cursor silently
 * started at the newest line and the event stream's said {@code resumed: false}.
 */
class ResumePointsTest {
    private static ScriptedAgent fx;
    private static String epoch;
    private static String job;
    private static long jobLast;
    private static final int SERVICE_LINES = 5;
    private static TestRuntime shop;

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b);
        shop = fx.catalog.add("shop", "web", "api");
        for (int i = 1; i <= SERVICE_LINES; i++) shop.context.serviceLog("web").line(LineStream.STDOUT, "web line " + i);
        epoch = fx.http.get("/api/v1/info").body().path("agent").path("epoch").asText();
        job = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
        await().until(() -> fx.http.get("/api/v1/jobs/" + job).body().path("job").path("status").asText().equals("succeeded"));
        jobLast = fx.http.get("/api/v1/jobs/" + job).body().path("job").path("lines").asLong();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Client.Answer open(String path, String lastEventId) {
        Request.Builder r = fx.http.req(path).header("Accept", "text/event-stream");
        if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
        return Client.call(r.build());
    }

    private static Client.Stream stream(String path, String lastEventId) {
        return fx.http.stream(fx.http.req(path).header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).build());
    }

    private static void refused(Client.Answer a, int status, String code, String message, String what) {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.body().path("error").path("code").asText()).as(what).isEqualTo(code);
        if (message != null) assertThat(a.body().path("error").path("message").asText()).as(what).contains(message);
    }

    private static long seqOf(Client.Event line) throws Exception {
        JsonNode l = ProtocolJson.mapper().readTree(line.data());
        return l.path("seq").asLong();
    }

    // ---- job log

    @Test
    void jobLogFromZeroAtTheEndPastItMalformed() throws Exception {
        String path = "/api/v1/jobs/" + job + "/log";
        try (Client.Stream s = stream(path, "0")) {
            Client.Event first = s.next();
            assertThat(first.type()).isEqualTo("line");
            assertThat(seqOf(first)).isEqualTo(1);
        }
        try (Client.Stream s = stream(path, String.valueOf(jobLast))) {
            assertThat(s.next().type()).as("exactly at the end: the end at once").isEqualTo("end");
        }
        refused(open(path, String.valueOf(jobLast + 1)), 416, "past_the_end", "its output ends at line " + jobLast, "one past");
        refused(open(path, "999999999999999999"), 416, "past_the_end", "its output ends at line " + jobLast, "far past");
        refused(open(path, "-1"), 400, "bad_request", "Last-Event-ID", "negative");
        refused(open(path, "12abc"), 400, "bad_request", "Last-Event-ID", "malformed");
        refused(open(path, epoch + ":1"), 400, "bad_request", "Last-Event-ID", "an epoch cursor on a job log");
    }

    // ---- service log

    @Test
    void serviceLogFromZeroAtTheEndOfThisEpochAndAnotherEpoch() throws Exception {
        String path = "/api/v1/deployments/shop/services/web/logs";
        try (Client.Stream s = stream(path, epoch + ":0")) {
            Client.Event first = s.next();
            assertThat(first.id()).isEqualTo(epoch + ":1");
        }
        try (Client.Stream s = stream(path, epoch + ":2")) {
            assertThat(s.next().id()).as("goes on right after the cursor").isEqualTo(epoch + ":3");
        }
        try (Client.Stream s = stream(path, "0000000000000000:" + (SERVICE_LINES + 1000))) {
            assertThat(s.next().id()).as("another epoch: everything held in this one is new").isEqualTo(epoch + ":1");
        }
        // Exactly at the end: live, the next line is the first thing it sends (a service of its own, so the other
        // test's end does not move).
        shop.context.serviceLog("api").line(LineStream.STDOUT, "api line 1");
        try (Client.Stream s = stream("/api/v1/deployments/shop/services/api/logs", epoch + ":1")) {
            shop.context.serviceLog("api").line(LineStream.STDOUT, "api line 2");
            assertThat(s.next().id()).isEqualTo(epoch + ":2");
        }
    }

    @Test
    void serviceLogPastTheEndOfThisEpochIsRefusedAndAMalformedCursorIsABadRequest() {
        String path = "/api/v1/deployments/shop/services/web/logs";
        String ends = "the log of shop/web in this epoch: it ends at line " + SERVICE_LINES;
        refused(open(path, epoch + ":" + (SERVICE_LINES + 1)), 416, "past_the_end", ends, "one past");
        refused(open(path, epoch + ":999999999999999999"), 416, "past_the_end", ends, "far past");
        refused(open(path + "?after=" + epoch + ":" + (SERVICE_LINES + 1), null), 416, "past_the_end", ends, "one past, after=");
        refused(open(path, "7"), 400, "bad_request", "<epoch>:<seq>", "a job log's cursor on a service log");
        refused(open(path, epoch + ":-1"), 400, "bad_request", "<epoch>:<seq>", "negative");
        refused(open(path, epoch + ":"), 400, "bad_request", "<epoch>:<seq>", "no seq");
        refused(open(path, "a b:1"), 400, "bad_request", "<epoch>:<seq>", "a space in the epoch");
    }

    // ---- events

    @Test
    void eventsFromZeroAtTheEndPastItAndAnotherEpoch() throws Exception {
        long last = fx.http.get("/api/v1/info").body().path("seq").asLong();
        assertThat(last).as("the job made events").isPositive();
        try (Client.Stream s = stream("/api/v1/events", epoch + ":0")) {
            JsonNode hello = ProtocolJson.mapper().readTree(s.next().data());
            assertThat(hello.path("resumed").asBoolean()).as("every event is still held").isTrue();
            assertThat(hello.path("seq").asLong()).isZero();
            assertThat(s.next().id()).isEqualTo(epoch + ":1");
        }
        try (Client.Stream s = stream("/api/v1/events", epoch + ":" + last)) {
            JsonNode hello = ProtocolJson.mapper().readTree(s.next().data());
            assertThat(hello.path("resumed").asBoolean()).as("exactly at the end").isTrue();
            assertThat(hello.path("seq").asLong()).isEqualTo(last);
        }
        try (Client.Stream s = stream("/api/v1/events", "0000000000000000:" + (last + 1000))) {
            JsonNode hello = ProtocolJson.mapper().readTree(s.next().data());
            assertThat(hello.path("resumed").asBoolean()).as("another epoch: a fresh start").isFalse();
        }
        String ends = "this agent's events in this epoch: the last is event";
        refused(open("/api/v1/events", epoch + ":" + (last + 1000)), 416, "past_the_end", ends, "far past");
        refused(open("/api/v1/events", epoch + ":999999999999999999"), 416, "past_the_end", ends, "farthest past");
        refused(open("/api/v1/events", "12"), 400, "bad_request", "<epoch>:<seq>", "a bare seq");
        refused(open("/api/v1/events", epoch + ":1x"), 400, "bad_request", "<epoch>:<seq>", "malformed");
    }
}
