package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.LineStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken client sends, against a real agent over HTTP: every refusal has the protocol's JSON
 * error shape, and a refused action never runs.
 */
class HostileInputTest {
    private static final String ACTION = "/api/v1/deployments/shop/services/web/jobs";
    private static ScriptedAgent fx;
    private static TestRuntime shop;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b);
        shop = fx.catalog.add("shop", "web");
        shop.behaviour = (a, s, out) -> RUNS.incrementAndGet();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String auth() {
        return "Authorization: Bearer " + fx.agent().token() + "\r\n";
    }

    private static String host() {
        return "Host: 127.0.0.1:" + fx.agent().port() + "\r\n";
    }

    private static void assertJsonError(RawHttp.Answer a, int status, String code, String what) {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(what).startsWith("application/json");
        assertThat(a.code()).as(what).isEqualTo(code);
        assertThat(a.json().path("error").path("message").asText()).as(what).isNotBlank();
        assertThat(a.body()).as(what).doesNotContain("<html");
    }

    private static void assertError(Client.Answer a, int status, String code, String what) {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(what).startsWith("application/json");
        assertThat(a.body().path("error").path("code").asText()).as(what).isEqualTo(code);
        assertThat(a.body().path("error").path("message").asText()).as(what).isNotBlank();
    }

    private static int jobCount() {
        return fx.http.get("/api/v1/jobs?deployment=shop").body().path("jobs").size();
    }

    // ---- requests Jetty refuses before any route

    @Test
    void requestsRefusedBeforeTheRoutesAnswerTheJsonErrorShape() {
        int port = fx.agent().port();
        String h = host() + auth();
        Object[][] cases = {
            {"URI too long", "GET /api/v1/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + h + "\r\n", 414, "too_large"},
            {"%00 in the path", "GET /api/v1/deployments/a%00b HTTP/1.1\r\n" + h + "\r\n", 400, "bad_request"},
            {"bad percent escape", "GET /api/v1/deployments/a%zz HTTP/1.1\r\n" + h + "\r\n", 400, "bad_request"},
            {"absolute form, foreign authority", "GET http://evil.example/api/v1/info HTTP/1.1\r\n" + h + "\r\n", 400,
                "bad_request"},
            {"duplicate Host", "GET /api/v1/info HTTP/1.1\r\n" + h + "Host: evil.example\r\n\r\n", 400, "bad_request"},
            {"no Host", "GET /api/v1/info HTTP/1.1\r\n" + auth() + "\r\n", 400, "bad_request"},
            {"header too large", "GET /api/v1/info HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431,
                "too_large"},
            {"bad method", "G@T /api/v1/info HTTP/1.1\r\n" + h + "\r\n", 400, "bad_request"},
            {"space in a header name", "GET /api/v1/info HTTP/1.1\r\n" + h + "Bad Header: x\r\n\r\n", 400, "bad_request"},
            {"HTTP/0.9", "GET /api/v1/info\r\n\r\n", 505, "bad_request"},
            {"unknown version", "GET /api/v1/info HTTP/2.5\r\n" + h + "\r\n", 505, "bad_request"},
            {"Content-Length and chunked", "POST " + ACTION + " HTTP/1.1\r\n" + h
                + "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
                "bad_request"},
            {"bad Content-Length", "POST " + ACTION + " HTTP/1.1\r\n" + h + "Content-Length: abc\r\n\r\n", 400, "bad_request"},
            {"broken chunk", "POST " + ACTION + " HTTP/1.1\r\n" + h
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "bad_request"},
            {"OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + h + "\r\n", 404, "not_found"},
            {"unknown method", "BREW /api/v1/info HTTP/1.1\r\n" + h + "\r\n", 404, "not_found"},
        };
        for (Object[] c : cases) {
            assertJsonError(RawHttp.exchange(port, (String) c[1]), (int) c[2], (String) c[3], (String) c[0]);
        }
        // Bytes that are not ASCII in the request line (UTF-8 and invalid), and a TLS hello on the plain port.
        byte[][] raw = {
            bytes("GET /api/v1/deployments/caf", new byte[] {(byte) 0xC3, (byte) 0xA9}, " HTTP/1.1\r\n" + h + "\r\n"),
            bytes("GET /api/v1/deployments/", new byte[] {(byte) 0xFF, (byte) 0xFE}, " HTTP/1.1\r\n" + h + "\r\n"),
            bytes("", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01, 0x00, 0x00, (byte) 0xA1, 0x03, 0x03}, "\r\n\r\n"),
        };
        for (byte[] r : raw) assertJsonError(RawHttp.exchange(port, r), 400, "bad_request", new String(r, StandardCharsets.ISO_8859_1));
        assertThat(RUNS.get()).isZero();
    }

    private static byte[] bytes(String a, byte[] mid, String b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(mid);
        out.writeBytes(b.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    // ---- bodies

    private static Client.Answer post(String body, String contentType) {
        Request.Builder r = fx.http.req(ACTION);
        RequestBody rb = contentType == null ? RequestBody.create(body.getBytes(StandardCharsets.UTF_8), null)
                : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(contentType));
        return Client.call(r.post(rb).build());
    }

    @Test
    void malformedOrAmbiguousBodiesAreRefusedAndNothingRuns() {
        int jobsBefore = jobCount();
        String json = "application/json";
        String[][] bad = {
            {"{\"action\":\"start\"} x", "trailing garbage"},
            {"{\"action\":\"start\"}{\"action\":\"stop\"}", "two objects"},
            {"{\"action\":\"start\"}\n{\"action\":\"stop\"}", "two objects on two lines"},
            {"{\"action\":\"stop\",\"action\":\"start\"}", "duplicate key"},
            {"{\"action\":\"start\",\"force\":true}", "unknown field"},
            {"{\"action\":5}", "number action"},
            {"{\"action\":null}", "null action"},
            {"{\"action\":[\"start\"]}", "array action"},
            {"{\"action\":{\"name\":\"start\"}}", "object action"},
            {"{}", "no action"},
            {"[]", "array body"},
            {"\"start\"", "string body"},
            {"null", "null body"},
            {"", "empty body"},
            {"{\"action\":'start'}", "single quotes"},
            {"{\"action\":\"start\",}", "trailing comma"},
            {"/* c */ {\"action\":\"start\"}", "comment"},
            {"[".repeat(5_000), "deep nesting"},
        };
        for (String[] b : bad) assertError(post(b[0], json), 400, "bad_request", b[1]);
        assertError(post("{\"action\":\"START\"}", json), 400, "unsupported_action", "upper-case action");
        Client.Answer notUtf8 = Client.call(fx.http.req(ACTION).post(RequestBody.create(
                new byte[] {'{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xFF, '"', '}'}, MediaType.get(json))).build());
        assertError(notUtf8, 400, "bad_request", "invalid UTF-8");

        String[][] wrongType = {
            {null, "no Content-Type"},
            {"text/plain", "text/plain"},
            {"application/x-www-form-urlencoded", "form"},
            {"multipart/form-data; boundary=x", "multipart"},
            {"application/json-seq", "json-seq"},
            {"application/json; charset=iso-8859-1", "latin-1 JSON"},
        };
        for (String[] t : wrongType) assertError(post("{\"action\":\"start\"}", t[0]), 415, "unsupported_media_type", t[1]);

        Client.Answer gzip = Client.call(fx.http.req(ACTION).header("Content-Encoding", "gzip").post(RequestBody.create(
                new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, MediaType.get(json))).build());
        assertError(gzip, 415, "unsupported_media_type", "gzip body");

        assertThat(RUNS.get()).as("actions run").isZero();
        assertThat(jobCount()).as("jobs created").isEqualTo(jobsBefore);
    }

    @Test
    void hugeBodiesAreTooLargeWithOrWithoutContentLength() {
        int jobsBefore = jobCount();
        String big = "{\"action\":\"start\",\"pad\":\"" + "x".repeat(200 * 1024) + "\"}";
        assertError(post(big, "application/json"), 413, "too_large", "Content-Length over the limit");
        String chunked = "POST " + ACTION + " HTTP/1.1\r\n" + host() + auth()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
        assertJsonError(RawHttp.exchange(fx.agent().port(), chunked), 413, "too_large", "chunked over the limit");
        assertThat(RUNS.get()).isZero();
        assertThat(jobCount()).isEqualTo(jobsBefore);
    }

    @Test
    void aWellFormedActionStillRunsWithAnyCaseOfTheMediaTypeAndCharset() {
        AtomicInteger runs = new AtomicInteger();
        int n = 0;
        for (String ct : new String[] {"application/json", "Application/JSON; Charset=\"UTF-8\"", "application/json;charset=utf-8"}) {
            // One deployment each: the next action need not wait for the previous job to release its target.
            TestRuntime other = fx.catalog.add("other" + ++n, "web");
            other.behaviour = (a, s, out) -> runs.incrementAndGet();
            String path = "/api/v1/deployments/" + other.name() + "/services/web/jobs";
            Client.Answer a = Client.call(fx.http.req(path).post(RequestBody.create(
                    "{\"action\":\"start\"}".getBytes(StandardCharsets.UTF_8), MediaType.get(ct))).build());
            assertThat(a.status()).as(ct + ": " + a.body()).isEqualTo(202);
            String id = a.body().path("job").path("id").asText();
            try (Client.Stream st = fx.http.stream("/api/v1/jobs/" + id + "/log")) {
                assertThat(st.rest()).last().satisfies(e -> assertThat(e.type()).isEqualTo("end"));
            }
        }
        assertThat(runs.get()).isEqualTo(3);
        // Cancel reads no body: the client library sends an empty one, a script may send none at all.
        assertThat(fx.http.post("/api/v1/jobs/j-nope/cancel", "").status()).isEqualTo(404);
    }

    // ---- authorization

    @Test
    void theBearerSchemeIsCaseInsensitiveAndTheTokenIsNot() {
        String t = fx.agent().token();
        for (String auth : new String[] {"Bearer " + t, "bearer " + t, "BEARER " + t, "bEaReR   " + t}) {
            Client.Answer a = Client.call(new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info").header("Authorization", auth)
                    .build());
            assertThat(a.status()).as(auth).isEqualTo(200);
        }
        for (String auth : new String[] {"Bearer", "Bearer " + t.toUpperCase(), "Bearer" + t, "Basic " + t, t, "Bearerx " + t}) {
            Client.Answer a = Client.call(new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info").header("Authorization", auth)
                    .build());
            assertError(a, 401, "unauthorized", auth);
        }
    }

    @Test
    void aTokenDifferingOnlyInCaseIsRefusedOnAConnectionThatWasAcceptedBefore() throws Exception {
        // Jetty's per-connection header cache matched values ignoring case: the second request read as the first.
        String t = fx.agent().token();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", fx.agent().port())) {
            s.setSoTimeout(20_000);
            for (String token : new String[] {t, t.toUpperCase(java.util.Locale.ROOT), t.toLowerCase(java.util.Locale.ROOT), t}) {
                String req = "GET /api/v1/info HTTP/1.1\r\n" + host() + "Authorization: Bearer " + token + "\r\n\r\n";
                s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
                RawHttp.Answer a = RawHttp.read(s.getInputStream());
                assertThat(a.status()).as(token).isEqualTo(token.equals(t) ? 200 : 401);
            }
        }
    }

    @Test
    void headersAndParametersThatCarryOneValueAreRefusedWhenRepeated() {
        int jobsBefore = jobCount();
        String t = "Authorization: Bearer " + fx.agent().token() + "\r\n";
        String body = "{\"action\":\"start\"}";
        String post = "POST " + ACTION + " HTTP/1.1\r\n" + host() + "Content-Length: " + body.length() + "\r\n";
        int port = fx.agent().port();
        assertJsonError(RawHttp.exchange(port, post + t + t + "Content-Type: application/json\r\n\r\n" + body), 400,
                "bad_request", "two Authorization headers");
        assertJsonError(RawHttp.exchange(port, post + t + "Content-Type: text/plain\r\nContent-Type: application/json\r\n\r\n"
                + body), 400, "bad_request", "two Content-Type headers");
        assertJsonError(RawHttp.exchange(port, "GET /api/v1/events HTTP/1.1\r\n" + host() + t
                + "Accept: text/event-stream\r\nLast-Event-ID: " + fx.agent().epoch() + ":1\r\nLast-Event-ID: x:2\r\n\r\n"), 400,
                "bad_request", "two Last-Event-ID headers");
        assertError(fx.http.get("/api/v1/jobs?limit=1&limit=500"), 400, "bad_request", "limit twice");
        assertError(fx.http.get("/api/v1/jobs?deployment=shop&deployment=other1"), 400, "bad_request", "deployment twice");
        assertThat(RUNS.get()).isZero();
        assertThat(jobCount()).isEqualTo(jobsBefore);
        // Accept is a list: on two lines it is still read whole, and a stream is served.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\n" + host() + t + "Accept: application/json\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- cursors

    private static Client.Answer sse(String path, String lastEventId) {
        Request.Builder r = fx.http.req(path).header("Accept", "text/event-stream");
        if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
        try (okhttp3.Response res = Client.HTTP.newCall(r.build()).execute()) {
            if (res.code() == 200) return new Client.Answer(200, null, res.header("Content-Type"), null, null);
            return new Client.Answer(res.code(), io.capstan.protocol.ProtocolJson.mapper().readTree(res.body().string()),
                    res.header("Content-Type"), null, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cursorsThatAreNotNumbersAreBadRequests() {
        String epoch = fx.agent().epoch();
        for (String bad : new String[] {"abc", epoch + ":abc", epoch + ":-1", epoch + ":", ":5", "5", epoch + ":1:2",
            epoch + ":99999999999999999999", "x y:1"}) {
            assertError(sse("/api/v1/events", bad), 400, "bad_request", "events Last-Event-ID " + bad);
            assertError(sse("/api/v1/deployments/shop/services/web/logs", bad), 400, "bad_request", "service log " + bad);
        }
        // A well-formed id of another run is not an error: the client gets a fresh start (resumed: false).
        assertThat(sse("/api/v1/events", "0123456789abcdef:5").status()).isEqualTo(200);
        assertThat(sse("/api/v1/events", "  ").status()).isEqualTo(200);

        fx.catalog.add("cursors", "web");
        String id = fx.http.startJob("/api/v1/deployments/cursors/jobs", "start");
        String log = "/api/v1/jobs/" + id + "/log";
        for (String bad : new String[] {"abc", "-1", "1e3", "+5", "0x10", "5:5", "99999999999999999999"}) {
            assertError(sse(log, bad), 400, "bad_request", "job log Last-Event-ID " + bad);
            assertError(fx.http.get(log + "?after=" + bad.replace("+", "%2B")), 400, "bad_request", "job log page after=" + bad);
        }
        for (String q : new String[] {"limit=-1", "limit=ten", "after=1.5"}) {
            assertError(fx.http.get(log + "?" + q), 400, "bad_request", q);
        }
        assertError(fx.http.get("/api/v1/jobs?limit=-5"), 400, "bad_request", "jobs limit -5");
        assertError(sse("/api/v1/deployments/shop/services/web/logs?tail=-1", null), 400, "bad_request", "tail -1");
        assertThat(sse(log, "0").status()).isEqualTo(200);
    }

    // ---- line truncation, through a real process and the agent's line pump

    @Test
    void aTwoMegabyteLineIsCutWithTheCountOfWhatWasLeftOut() throws Exception {
        TestRuntime printer = fx.catalog.add("printer", "web");
        int size = 2 * 1024 * 1024;
        printer.behaviour = (a, s, out) -> {
            Process p;
            try {
                p = new ProcessBuilder("printf", "%" + size + "s\\nnext\\n", "x").redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            Thread pump = io.capstan.agent.process.LinePump.start("test-pump", p.getInputStream(), LineStream.STDOUT, out);
            p.waitFor();
            pump.join();
        };
        String id = fx.http.startJob("/api/v1/deployments/printer/jobs", "start");
        try (Client.Stream st = fx.http.stream("/api/v1/jobs/" + id + "/log")) {
            st.rest();
        }
        com.fasterxml.jackson.databind.JsonNode lines = fx.http.get("/api/v1/jobs/" + id + "/log").body().path("lines");
        String cut = lines.get(1).path("text").asText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("… \\[line truncated by capstan: (\\d+) bytes]$").matcher(cut);
        assertThat(m.find()).as(cut.substring(Math.max(0, cut.length() - 80))).isTrue();
        long kept = cut.substring(0, m.start()).getBytes(StandardCharsets.UTF_8).length;
        assertThat(kept + Long.parseLong(m.group(1))).isEqualTo(size);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024);
        assertThat(lines.get(2).path("text").asText()).isEqualTo("next");
    }
}
