package io.capstan.agent;

import static org.awaitility.Awaitility.await;

import io.capstan.agent.auth.TokenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile or unlucky client against a real agent, on every route: no token, a wrong one or a revoked one, with
 * the route's own method and with HEAD and OPTIONS; odd names in every name position (dot segments plain and
 * escaped, escaped slashes, unicode, 300 characters). Every answer is the protocol's JSON error (HEAD: the status),
 * never a 2xx, a 500 or HTML, and nothing runs.
 */
class UnluckyPathsTest {
    private static ScriptedAgent fx;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static String jobId;
    private static String revoked;

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b);
        TestRuntime shop = fx.catalog.add("shop", "web");
        jobId = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
        await().until(() -> fx.http.get("/api/v1/jobs/" + jobId).body().path("job").path("status").asText().equals("succeeded"));
        shop.behaviour = (a, s, out) -> RUNS.incrementAndGet();
        TokenFile tokens = new TokenFile(fx.agent().stateDir());
        revoked = tokens.add("ci");
        tokens.revoke("ci");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static List<String> paths() {
        return List.of("/api/v1/info", "/api/v1/deployments", "/api/v1/deployments/shop", "/api/v1/deployments/shop/jobs",
                "/api/v1/deployments/shop/services/web", "/api/v1/deployments/shop/services/web/jobs",
                "/api/v1/deployments/shop/resources", "/api/v1/deployments/shop/services/web/resources",
                "/api/v1/deployments/shop/services/web/logs", "/api/v1/jobs", "/api/v1/jobs/" + jobId,
                "/api/v1/jobs/" + jobId + "/cancel", "/api/v1/jobs/" + jobId + "/log", "/api/v1/events",
                "/api/v1/no-such-route", "/api/v2/info", "/");
    }

    private static String request(String method, String path, String auth, boolean stream) {
        String body = method.equals("POST") ? "{\"action\":\"restart\"}" : "";
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fx.agent().port() + "\r\n"
                + (auth == null ? "" : "Authorization: " + auth + "\r\n")
                + (stream ? "Accept: text/event-stream\r\n" : "")
                + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                + "Connection: close\r\n\r\n" + body;
    }

    @Test
    void everyRouteAndMethodRefusesAMissingWrongOrRevokedToken() {
        SoftAssertions soft = new SoftAssertions();
        List<String> auths = new ArrayList<>();
        auths.add(null);
        auths.add("Bearer wrong-" + fx.agent().token());
        auths.add("Bearer " + revoked);
        auths.add("Basic " + fx.agent().token());
        auths.add("Bearer");
        for (String path : paths()) {
            for (String method : List.of("GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH")) {
                for (String auth : auths) {
                    for (boolean stream : List.of(false, true)) {
                        String what = method + " " + path + " auth=" + (auth == null ? "none" : auth.split(" ")[0]) + " sse=" + stream;
                        RawHttp.Answer a = RawHttp.exchange(fx.agent().port(), request(method, path, auth, stream));
                        soft.assertThat(a.status()).as(what).isEqualTo(401);
                        soft.assertThat(a.header("Access-Control-Allow-Origin")).as(what).isNull();
                        if (!method.equals("HEAD")) {
                            soft.assertThat(a.code()).as(what + ": " + a.body()).isEqualTo("unauthorized");
                        }
                    }
                }
            }
        }
        soft.assertThat(RUNS.get()).as("actions run").isZero();
        soft.assertAll();
    }

    @Test
    void oddNamesInEveryNamePositionAreRefusedBeforeAnythingIsTouched() {
        List<String> odd = List.of("..", "%2e%2e", "%2E%2E", ".", "%2e", "..%2f..%2fetc", "%2e%2e%2f%2e%2e", "a%2Fb", "shop%2Fweb",
                "%2F", "caf%C3%A9", "SHOP", "-shop", "_shop", "shop%20", "%20shop", "a".repeat(300), "shop%5c..",
                "%c0%ae%c0%ae", "shop;x=1", "shop%3Bx", "%ef%bc%8e%ef%bc%8e");
        List<String> templates = List.of("/api/v1/deployments/%s", "/api/v1/deployments/%s/jobs",
                "/api/v1/deployments/shop/services/%s/jobs", "/api/v1/deployments/%s/services/web",
                "/api/v1/deployments/shop/services/%s/logs", "/api/v1/deployments/%s/resources", "/api/v1/jobs?deployment=%s",
                "/api/v1/jobs/%s", "/api/v1/jobs/%s/log", "/api/v1/jobs/%s/cancel");
        SoftAssertions soft = new SoftAssertions();
        String auth = "Bearer " + fx.agent().token();
        for (String template : templates) {
            for (String name : odd) {
                String path = String.format(template, name);
                String method = path.endsWith("/jobs") || path.endsWith("/cancel") ? "POST" : "GET";
                boolean stream = path.endsWith("/logs");
                RawHttp.Answer a = RawHttp.exchange(fx.agent().port(), request(method, path, auth, stream));
                String what = method + " " + path;
                soft.assertThat(a.status()).as(what + ": " + a.body()).isIn(400, 404);
                soft.assertThat(a.header("Content-Type")).as(what).startsWith("application/json");
                soft.assertThat(a.code()).as(what).isIn(Set.of("invalid_name", "bad_request", "not_found").toArray());
                soft.assertThat(a.body()).as(what).doesNotContain("<html").doesNotContain("Exception");
            }
        }
        soft.assertThat(RUNS.get()).as("actions run").isZero();
        soft.assertAll();
    }
}
