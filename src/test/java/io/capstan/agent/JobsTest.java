package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Locking, cancel, timeout and restart: failure rows 23, 24 and 25. */
class JobsTest {

    private static String status(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    @Test
    void secondActionOnSameTargetIsBusyNamingTheFirst() throws Exception {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("shop", "web", "db");
            CountDownLatch release = new CountDownLatch(1);
            rt.behaviour = (a, s, out) -> release.await();
            Client c = fx.http;
            String web = c.startJob("/api/v1/deployments/shop/services/web/jobs", "restart");
            Client.Answer again = c.post("/api/v1/deployments/shop/services/web/jobs", "{\"action\":\"stop\"}");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.body().path("error").path("code").asText()).isEqualTo("busy");
            assertThat(again.body().path("error").path("job").asText()).isEqualTo(web);
            Client.Answer whole = c.post("/api/v1/deployments/shop/jobs", "{\"action\":\"stop\"}");
            assertThat(whole.status()).isEqualTo(409);
            assertThat(whole.body().path("error").path("job").asText()).isEqualTo(web);
            // Another service of the same deployment may run at once.
            Client.Answer db = c.post("/api/v1/deployments/shop/services/db/jobs", "{\"action\":\"start\"}");
            assertThat(db.status()).isEqualTo(202);
            assertThat(db.location()).isEqualTo("/api/v1/jobs/" + db.body().path("job").path("id").asText());
            JsonNode dep = c.get("/api/v1/deployments/shop").body().path("deployment");
            assertThat(dep.path("activeJob").isNull()).isTrue();
            assertThat(dep.path("services").get(0).path("activeJob").asText()).isEqualTo(web);
            release.countDown();
            await().until(() -> status(c, web).equals("succeeded"));
            // A whole-deployment job holds every service.
            CountDownLatch hold = new CountDownLatch(1);
            rt.behaviour = (a, s, out) -> hold.await();
            await().until(() -> c.post("/api/v1/deployments/shop/jobs", "{\"action\":\"restart\"}").status() == 202);
            Client.Answer svc = c.post("/api/v1/deployments/shop/services/db/jobs", "{\"action\":\"stop\"}");
            assertThat(svc.status()).isEqualTo(409);
            String holder = svc.body().path("error").path("job").asText();
            JsonNode dep2 = c.get("/api/v1/deployments/shop").body().path("deployment");
            assertThat(dep2.path("activeJob").asText()).isEqualTo(holder);
            assertThat(dep2.path("services").get(1).path("activeJob").asText()).isEqualTo(holder);
            hold.countDown();
            await().until(() -> status(c, holder).equals("succeeded"));
            assertThat(c.get("/api/v1/jobs?deployment=shop&limit=2").body().path("jobs").get(0).path("id").asText())
                    .isEqualTo(holder);
            assertThat(c.get("/api/v1/jobs?deployment=shop&service=web").body().path("jobs")).hasSize(1);
        }
    }

    @Test
    void hungActionIsCanceledAndReleasesTheLock() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("hung", "web");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "sleep", "600");
            Client c = fx.http;
            String id = c.startJob("/api/v1/deployments/hung/jobs", "start");
            await().until(() -> status(c, id).equals("running"));
            Client.Answer cancel = c.post("/api/v1/jobs/" + id + "/cancel", "");
            assertThat(cancel.status()).isEqualTo(202);
            assertThat(cancel.body().path("job").path("id").asText()).isEqualTo(id);
            await().until(() -> status(c, id).equals("canceled"));
            rt.behaviour = (a, s, out) -> { };
            assertThat(c.post("/api/v1/deployments/hung/jobs", "{\"action\":\"stop\"}").status()).isEqualTo(202);
            assertThat(c.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
            assertThat(c.post("/api/v1/jobs/j-nope/cancel", "").status()).isEqualTo(404);
        }
    }

    @Test
    void timeoutEndsHungActionAsFailed() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.actionTimeout(Duration.ofMillis(700)))) {
            TestRuntime rt = fx.catalog.add("slow", "web");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "sleep", "600");
            Client c = fx.http;
            String id = c.startJob("/api/v1/deployments/slow/jobs", "start");
            await().until(() -> status(c, id).equals("failed"));
            JsonNode job = c.get("/api/v1/jobs/" + id).body().path("job");
            assertThat(job.path("error").asText()).startsWith("timed out after 700 ms");
            rt.behaviour = (a, s, out) -> { };
            assertThat(c.post("/api/v1/deployments/slow/jobs", "{\"action\":\"stop\"}").status()).isEqualTo(202);
        }
    }

    @Test
    void restartKeepsFinishedJobsAndMarksRunningOnesInterrupted() throws Exception {
        Path state = ScriptedAgent.tempState();
        AgentConfig cfg = ScriptedAgent.testConfig(state).build();
        String done;
        String held;
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            TestRuntime rt = fx.catalog.add("keep", "web", "db");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "echo", "kept output");
            done = fx.http.startJob("/api/v1/deployments/keep/services/web/jobs", "start");
            await().until(() -> status(fx.http, done).equals("succeeded"));
            rt.behaviour = (a, s, out) -> new CountDownLatch(1).await();
            held = fx.http.startJob("/api/v1/deployments/keep/services/db/jobs", "start");
            await().until(() -> status(fx.http, held).equals("running"));
        }
        // A job the agent never closed (killed agent): its record still says running.
        // It printed its last line an hour before the restart: that is when it was last known to run.
        String crashed = "j-00000000000000000000000000";
        Instant started = Instant.parse("2026-01-01T10:00:00Z");
        Instant lastLine = Instant.parse("2026-01-01T10:05:00Z");
        Job running = new Job(crashed, "keep", null, Action.REBUILD, JobStatus.RUNNING, started, started,
                null, null, null, 1, 0);
        Files.write(state.resolve("jobs").resolve(crashed + ".json"), ProtocolJson.mapper().writeValueAsBytes(running));
        Files.writeString(state.resolve("jobs").resolve(crashed + ".log.jsonl"),
                ProtocolJson.mapper().writeValueAsString(new Line(1, lastLine, LineStream.STDOUT, "building")) + "\n");
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            Client c = fx.http;
            assertThat(status(c, done)).isEqualTo("succeeded");
            assertThat(status(c, held)).isEqualTo("interrupted");
            assertThat(status(c, crashed)).isEqualTo("interrupted");
            // The outage is not the job's duration: it ended when it was last known to run.
            assertThat(Instant.parse(c.get("/api/v1/jobs/" + crashed).body().path("job").path("finishedAt").asText()))
                    .isEqualTo(lastLine);
            JsonNode page = c.get("/api/v1/jobs/" + done + "/log").body();
            assertThat(page.path("lines").findValuesAsText("text")).contains("kept output");
            assertThat(page.path("done").asBoolean()).isTrue();
            JsonNode crashedLog = c.get("/api/v1/jobs/" + crashed + "/log").body();
            assertThat(crashedLog.path("lines").findValuesAsText("text").get(0)).isEqualTo("building");
            try (Client.Stream st = c.stream("/api/v1/jobs/" + crashed + "/log")) {
                List<Client.Event> events = st.rest();
                assertThat(events.get(events.size() - 1).json().path("status").asText()).isEqualTo("interrupted");
            }
            List<String> ids = c.get("/api/v1/jobs").body().path("jobs").findValuesAsText("id");
            assertThat(ids).contains(done, held, crashed);
            assertThat(ids.indexOf(held)).isLessThan(ids.indexOf(done));
        }
    }

    @Test
    void closeEndsStreamsAndInterruptsRunningJobsPromptly() throws Exception {
        ScriptedAgent fx = ScriptedAgent.start(b -> b);
        TestRuntime rt = fx.catalog.add("busy", "web");
        rt.behaviour = (a, s, out) -> TestRuntime.run(out, "sleep", "600");
        String id = fx.http.startJob("/api/v1/deployments/busy/jobs", "start");
        await().until(() -> status(fx.http, id).equals("running"));
        try (Client.Stream events = fx.http.stream("/api/v1/events");
             Client.Stream log = fx.http.stream("/api/v1/jobs/" + id + "/log")) {
            assertThat(events.next().type()).isEqualTo("hello");
            assertThat(log.next().type()).isEqualTo("line");
            long t0 = System.nanoTime();
            fx.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(fx.agent().engine().jobs().find(id).orElseThrow().status()).isEqualTo(JobStatus.INTERRUPTED);
        }
    }

    @Test
    void historyKeepsTheNewestJobsOnceTheyAreOld() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.jobHistory(3).jobHistoryAge(Duration.ZERO))) {
            fx.catalog.add("many", "web");
            String lastId = null;
            for (int i = 0; i < 6; i++) {
                String id = fx.http.startJob("/api/v1/deployments/many/jobs", "restart");
                await().until(() -> status(fx.http, id).equals("succeeded"));
                lastId = id;
            }
            // Pruning runs just after the job's end is published.
            await().until(() -> fx.http.get("/api/v1/jobs").body().path("jobs").size() == 3);
            List<String> ids = fx.http.get("/api/v1/jobs").body().path("jobs").findValuesAsText("id");
            assertThat(ids).hasSize(3).first().isEqualTo(lastId);
            assertThat(fx.http.get("/api/v1/jobs/" + ids.get(2)).status()).isEqualTo(200);
            try (var files = java.nio.file.Files.list(fx.agent().stateDir().resolve("jobs"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(3);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void autostartRunsAStartJobPerListedService() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = new TestRuntime("auto", List.of("web", "db", "cache"), fx.agent().engine().forDeployment("auto"));
            rt.autostart = List.of("web", "cache");
            fx.catalog.add(rt);
            await().until(() -> fx.http.get("/api/v1/jobs?deployment=auto").body().path("jobs").size() == 2);
            JsonNode jobs = fx.http.get("/api/v1/jobs?deployment=auto").body().path("jobs");
            assertThat(jobs.findValuesAsText("service")).containsExactlyInAnyOrder("web", "cache");
            assertThat(jobs.findValuesAsText("action")).containsOnly("start");
        }
    }
}
