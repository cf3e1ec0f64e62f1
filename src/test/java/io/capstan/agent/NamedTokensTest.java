package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.agent.audit.AuditLog;
import io.capstan.agent.auth.TokenFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Named tokens against a real agent: added and revoked in the state folder while it runs, recorded on every job. */
class NamedTokensTest {
    private ScriptedAgent fx;
    private TokenFile tokens;
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);

    @BeforeEach
    void start() {
        audit.start();
        auditLogger.addAppender(audit);
        // The tests' logging is quiet (WARN); the audit lines are INFO, caught here and kept off the console.
        auditLogger.setLevel(ch.qos.logback.classic.Level.INFO);
        auditLogger.setAdditive(false);
        fx = ScriptedAgent.start(b -> b);
        fx.catalog.add("shop", "web", "api");
        tokens = new TokenFile(fx.agent().stateDir());
    }

    @AfterEach
    void stop() {
        fx.close();
        auditLogger.detachAppender(audit);
        auditLogger.setLevel(null);
        auditLogger.setAdditive(true);
    }

    private Client as(String token) {
        return new Client(fx.agent().baseUrl(), token);
    }

    private List<String> auditLines() {
        return audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theGeneratedTokenIsTheFirstNamedOneAndOnlyItsHashIsKept() throws Exception {
        Path file = tokens.path();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(tokens.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("owner");
            assertThat(e.active()).isTrue();
            assertThat(e.sha256()).isEqualTo(HexFormat.of().formatHex(TokenFile.hash(fx.agent().token())));
        });
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain(fx.agent().token());
        assertThat(fx.http.get("/api/v1/deployments").status()).isEqualTo(200);
    }

    @Test
    void anAddedTokenWorksAtOnceAndEveryJobSaysWhichTokenStartedIt() throws Exception {
        String ci = tokens.add("ci");
        assertThat(ci).hasSize(43).isNotEqualTo(fx.agent().token());
        assertThat(Files.readString(tokens.path())).doesNotContain(ci);

        String byCi = as(ci).startJob("/api/v1/deployments/shop/services/web/jobs", "restart");
        String byOwner = fx.http.startJob("/api/v1/deployments/shop/services/api/jobs", "start");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.http.get("/api/v1/jobs/" + byCi).body()
                .path("job").path("status").asText().equals("succeeded"));
        JsonNode finished = fx.http.get("/api/v1/jobs/" + byCi).body().path("job");
        assertThat(finished.path("startedBy").asText()).isEqualTo("ci");
        assertThat(finished.path("finishedAt").isNull()).isFalse();
        JsonNode list = fx.http.get("/api/v1/jobs").body().path("jobs");
        assertThat(list.findValuesAsText("startedBy")).contains("ci", "owner");
        assertThat(fx.http.get("/api/v1/jobs/" + byOwner).body().path("job").path("startedBy").asText()).isEqualTo("owner");

        // One line when it was accepted and one with its result, each naming who, what, the target and the job.
        await().atMost(Duration.ofSeconds(10)).until(() -> auditLines().stream()
                .anyMatch(l -> l.contains("job=" + byCi) && l.contains("result=succeeded")));
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).startsWith("audit at=").contains("who=ci", "what=restart",
                "target=shop/web", "job=" + byCi, "result=accepted"));
    }

    @Test
    void whoStartedAJobSurvivesARestartOfTheAgent() {
        String ci = tokens.add("ci");
        String id = as(ci).startJob("/api/v1/deployments/shop/jobs", "start");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.http.get("/api/v1/jobs/" + id).body()
                .path("job").path("status").asText().equals("succeeded"));
        Path state = fx.agent().stateDir();
        fx.close();
        fx = ScriptedAgent.start(ScriptedAgent.testConfig(state).build());
        JsonNode job = fx.http.get("/api/v1/jobs/" + id).body().path("job");
        assertThat(job.path("startedBy").asText()).isEqualTo("ci");
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        // The token file outlives the restart too.
        assertThat(as(ci).get("/api/v1/info").status()).isEqualTo(200);
    }

    @Test
    void aCancelRecordsWhoAskedForIt() throws Exception {
        String ci = tokens.add("ci");
        CountDownLatch never = new CountDownLatch(1);
        fx.catalog.get("shop").behaviour = (a, s, out) -> never.await();
        String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "restart");
        assertThat(as(ci).post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.http.get("/api/v1/jobs/" + id).body()
                .path("job").path("status").asText().equals("canceled"));
        JsonNode job = fx.http.get("/api/v1/jobs/" + id).body().path("job");
        assertThat(job.path("startedBy").asText()).isEqualTo("owner");
        assertThat(job.path("canceledBy").asText()).isEqualTo("ci");
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("who=ci", "what=cancel", "job=" + id));
    }

    @Test
    void aBusyRefusalIsAudited() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fx.catalog.get("shop").behaviour = (a, s, out) -> release.await();
        String holder = fx.http.startJob("/api/v1/deployments/shop/jobs", "restart");
        assertThat(fx.http.post("/api/v1/deployments/shop/jobs", "{\"action\":\"stop\"}").status()).isEqualTo(409);
        release.countDown();
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("who=owner", "what=stop", "target=shop",
                "result=\"refused: shop is busy with job " + holder));
    }

    @Test
    void aRevokedTokenIsRefusedOnItsNextRequestWhileOthersGoOn() {
        String ci = tokens.add("ci");
        assertThat(as(ci).get("/api/v1/deployments").status()).isEqualTo(200);
        tokens.revoke("ci");
        Client.Answer refused = as(ci).get("/api/v1/deployments");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("unauthorized");
        assertThat(refused.body().path("error").path("message").asText()).contains("revoked");
        assertThat(fx.http.get("/api/v1/deployments").status()).isEqualTo(200);
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("who=ci", "result=\"denied:", "was revoked").doesNotContain(ci));
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("what=token.revoke", "target=ci"));
    }

    @Test
    void revokingEndsTheOpenStreamsOfThatTokenWithAReasonAndNoOthers() throws Exception {
        String ci = tokens.add("ci");
        CountDownLatch release = new CountDownLatch(1);
        fx.catalog.get("shop").behaviour = (a, s, out) -> {
            out.line(io.capstan.protocol.LineStream.STDOUT, "working");
            release.await();
        };
        try {
            String job = fx.http.startJob("/api/v1/deployments/shop/jobs", "restart");
            Client mine = as(ci);
            try (Client.Stream events = mine.stream("/api/v1/events");
                 Client.Stream jobLog = mine.stream("/api/v1/jobs/" + job + "/log");
                 Client.Stream serviceLog = mine.stream("/api/v1/deployments/shop/services/web/logs");
                 Client.Stream owners = fx.http.stream("/api/v1/events")) {
                assertThat(List.of(events, jobLog, serviceLog, owners)).allSatisfy(s -> assertThat(s.response.code()).isEqualTo(200));
                assertThat(events.next().type()).isEqualTo("hello");
                assertThat(jobLog.next().type()).isEqualTo("line");
                assertThat(owners.next().type()).isEqualTo("hello");

                tokens.revoke("ci");

                for (Client.Stream s : List.of(events, jobLog, serviceLog)) {
                    List<Client.Event> rest = s.rest();
                    assertThat(rest).isNotEmpty();
                    Client.Event last = rest.get(rest.size() - 1);
                    assertThat(last.type()).isEqualTo("revoked");
                    assertThat(last.json().path("error").path("code").asText()).isEqualTo("unauthorized");
                    assertThat(last.json().path("error").path("message").asText()).contains("\"ci\"", "revoked");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.agent().openStreams() == 1);
                // The owner's stream is untouched: it still carries the job's end.
                release.countDown();
                Client.Event e;
                do {
                    e = owners.next();
                } while (!(e.type().equals("job") && e.json().path("job").path("status").asText().equals("succeeded")));
                assertThat(e.json().path("job").path("id").asText()).isEqualTo(job);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTokenFileThatCannotBeReadRefusesItsTokensUntilItIsFixed() throws Exception {
        byte[] good = Files.readAllBytes(tokens.path());
        Files.writeString(tokens.path(), "{ not json");
        assertThat(fx.http.get("/api/v1/info").status()).isEqualTo(401);
        Files.write(tokens.path(), good);
        assertThat(fx.http.get("/api/v1/info").status()).isEqualTo(200);
    }

    @Test
    void theFirstUseOfATokenIsRecordedForTheListing() {
        String ci = tokens.add("ci");
        assertThat(tokens.lastUsed()).doesNotContainKey("ci");
        assertThat(as(ci).get("/api/v1/info").status()).isEqualTo(200);
        assertThat(tokens.lastUsed()).containsKey("ci");
        assertThat(PosixFilePermissions.toString(uncheckedPermissions(tokens.usedPath()))).isEqualTo("rw-------");
    }

    @Test
    void namesAreCheckedAndATakenOneIsRefused() {
        tokens.add("ci");
        assertThatThrownBy(() -> tokens.add("ci")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> tokens.add("Bad Name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid token name");
        assertThatThrownBy(() -> tokens.add("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.add("agent")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> tokens.revoke("nobody")).isInstanceOf(IllegalArgumentException.class);
        tokens.revoke("ci");
        assertThatThrownBy(() -> tokens.revoke("ci")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        // A revoked name may be given to a new token; the old one stays refused.
        String again = tokens.add("ci");
        assertThat(as(again).get("/api/v1/info").status()).isEqualTo(200);
    }

    @Test
    void anOperatorsOwnTokenIsTheOwnerOutsideTheFileBesideTheNamedOnes() {
        try (ScriptedAgent op = ScriptedAgent.start(b -> b.token("operator-supplied-token-0123456789"))) {
            op.catalog.add("shop", "web");
            TokenFile file = new TokenFile(op.agent().stateDir());
            assertThat(file.entries()).isEmpty();
            String id = op.http.startJob("/api/v1/deployments/shop/jobs", "start");
            assertThat(op.http.get("/api/v1/jobs/" + id).body().path("job").path("startedBy").asText()).isEqualTo("owner");
            String ci = file.add("ci");
            assertThat(new Client(op.agent().baseUrl(), ci).get("/api/v1/info").status()).isEqualTo(200);
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
