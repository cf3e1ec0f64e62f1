package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication, Host checks, name validation and limits against a real agent. */
class SecurityTest {
    private static ScriptedAgent fx;
    private static String jobId;

    /** Every route of protocol.md: method and path. */
    private static final List<String[]> ROUTES = new ArrayList<>();

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b.allowedHosts(List.of("capstan.test")));
        fx.catalog.add("shop", "web");
        jobId = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
        ROUTES.add(new String[] {"GET", "/api/v1/info"});
        ROUTES.add(new String[] {"GET", "/api/v1/deployments"});
        ROUTES.add(new String[] {"GET", "/api/v1/deployments/shop"});
        ROUTES.add(new String[] {"POST", "/api/v1/deployments/shop/jobs"});
        ROUTES.add(new String[] {"POST", "/api/v1/deployments/shop/services/web/jobs"});
        ROUTES.add(new String[] {"GET", "/api/v1/jobs"});
        ROUTES.add(new String[] {"GET", "/api/v1/jobs/" + jobId});
        ROUTES.add(new String[] {"POST", "/api/v1/jobs/" + jobId + "/cancel"});
        ROUTES.add(new String[] {"GET", "/api/v1/jobs/" + jobId + "/log"});
        ROUTES.add(new String[] {"SSE", "/api/v1/jobs/" + jobId + "/log"});
        ROUTES.add(new String[] {"SSE", "/api/v1/deployments/shop/services/web/logs"});
        ROUTES.add(new String[] {"SSE", "/api/v1/events"});
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Request request(String method, String path, String auth, String host) {
        Request.Builder b = new Request.Builder().url(fx.agent().baseUrl() + path);
        if (auth != null) b.header("Authorization", auth);
        if (host != null) b.header("Host", host);
        if (method.equals("SSE")) b.header("Accept", "text/event-stream");
        if (method.equals("POST")) b.post(RequestBody.create("{\"action\":\"start\"}", Client.JSON));
        return b.build();
    }

    private static void assertError(Client.Answer a, int status, String code) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.body().path("error").path("code").asText()).isEqualTo(code);
        assertThat(a.body().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void everyRouteButHealthNeedsTheToken() {
        for (String[] r : ROUTES) {
            for (String auth : new String[] {null, "Bearer wrong-token", "Basic abc", "Bearer " + fx.agent().token() + "x"}) {
                Client.Answer a = Client.call(request(r[0], r[1], auth, null));
                assertThat(a.status()).as(r[0] + " " + r[1] + " with " + auth).isEqualTo(401);
                assertError(a, 401, "unauthorized");
            }
        }
        Client.Answer health = fx.anonymous().get("/api/v1/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void foreignHostIsForbidden() {
        String token = "Bearer " + fx.agent().token();
        int port = fx.agent().port();
        for (String host : new String[] {"evil.example:" + port, "evil.example", "capstan.test.evil:" + port, "127.0.0.2:" + port}) {
            assertError(Client.call(request("GET", "/api/v1/info", token, host)), 403, "forbidden_host");
            assertError(Client.call(request("GET", "/api/v1/health", null, host)), 403, "forbidden_host");
        }
        // Loopback names pass on any port: an SSH tunnel or a local proxy changes the port, never the name,
        // and a rebinding attack is defeated by the name alone.
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "localhost:9000", "localhost", "[::1]:9000",
            "capstan.test", "capstan.test:" + port}) {
            assertThat(Client.call(request("GET", "/api/v1/info", token, host)).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void noCorsHeaders() throws Exception {
        Request r = fx.http.req("/api/v1/info").header("Origin", "http://evil.example").build();
        try (okhttp3.Response res = Client.HTTP.newCall(r).execute()) {
            assertThat(res.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control"));
        }
    }

    @Test
    void invalidNamesAreRejected() {
        Client c = fx.http;
        for (String bad : new String[] {"Shop", "-x", "a%20b", "a".repeat(64), "x%2Fy", "caf%C3%A9"}) {
            assertError(c.get("/api/v1/deployments/" + bad), 400, "invalid_name");
            assertError(c.post("/api/v1/deployments/" + bad + "/jobs", "{\"action\":\"start\"}"), 400, "invalid_name");
            assertError(c.post("/api/v1/deployments/shop/services/" + bad + "/jobs", "{\"action\":\"start\"}"), 400,
                    "invalid_name");
        }
        assertError(c.get("/api/v1/jobs?deployment=BAD"), 400, "invalid_name");
    }

    @Test
    void badRequestsAreTyped() {
        Client c = fx.http;
        assertError(c.post("/api/v1/deployments/shop/services/web/jobs", "{\"action\":\"explode\"}"), 400,
                "unsupported_action");
        assertError(c.post("/api/v1/deployments/shop/services/web/jobs", "{\"action\":"), 400, "bad_request");
        assertError(c.post("/api/v1/deployments/shop/services/web/jobs", "[]"), 400, "bad_request");
        assertError(c.post("/api/v1/deployments/nope/jobs", "{\"action\":\"start\"}"), 404, "not_found");
        assertError(c.post("/api/v1/deployments/shop/services/nope/jobs", "{\"action\":\"start\"}"), 404, "not_found");
        assertError(c.get("/api/v1/deployments/nope"), 404, "not_found");
        assertError(c.get("/api/v1/jobs/j-nope"), 404, "not_found");
        assertError(c.get("/api/v1/jobs/j-nope/log"), 404, "not_found");
        assertError(c.get("/api/v1/jobs?limit=many"), 400, "bad_request");
        assertError(c.get("/api/v1/nothing-here"), 404, "not_found");
        Client.Answer sse404 = Client.call(c.req("/api/v1/jobs/j-nope/log").header("Accept", "text/event-stream").build());
        assertError(sse404, 404, "not_found");
    }

    @Test
    void bigBodyIsTooLarge() {
        String big = "{\"action\":\"start\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertError(fx.http.post("/api/v1/deployments/shop/services/web/jobs", big), 413, "too_large");
    }

    @Test
    void tooManyStreamsIsUnavailableWithRetryAfter() {
        try (ScriptedAgent small = ScriptedAgent.start(b -> b.maxStreams(2))) {
            try (Client.Stream a = small.http.stream("/api/v1/events");
                 Client.Stream b = small.http.stream("/api/v1/events")) {
                assertThat(a.next().type()).isEqualTo("hello");
                assertThat(b.next().type()).isEqualTo("hello");
                Client.Answer third = Client.call(small.http.req("/api/v1/events").header("Accept", "text/event-stream").build());
                assertError(third, 503, "unavailable");
                assertThat(third.retryAfter()).isNotBlank();
            }
        }
    }

    @Test
    void tokenFileIsOwnerOnlyAndStrong() throws Exception {
        Path f = fx.agent().tokenFile();
        assertThat(f).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        String t = Files.readString(f).trim();
        assertThat(t).isEqualTo(fx.agent().token()).matches("[A-Za-z0-9_-]{43,}");
    }

    @Test
    void nonLoopbackBindNeedsOptOut() {
        assertThatThrownBy(() -> ScriptedAgent.start(b -> b.bindHost("0.0.0.0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without TLS");
        try (ScriptedAgent open = ScriptedAgent.start(b -> b.bindHost("0.0.0.0").insecureBind(true).token("operator-token"))) {
            assertThat(open.agent().tokenFile()).isNull();
            assertThat(open.http.get("/api/v1/info").status()).isEqualTo(200);
        }
    }
}
