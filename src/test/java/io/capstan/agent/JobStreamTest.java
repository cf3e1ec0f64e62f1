package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.protocol.LineStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Job output streams against a real agent: failure rows 12, 13, 18-22 and 26. */
class JobStreamTest {
    private static ScriptedAgent fx;
    private static Client client;
    private static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b.headLines(5).tailLines(10));
        client = fx.http;
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static TestRuntime deployment() {
        return fx.catalog.add("d" + N.incrementAndGet(), "web", "db");
    }

    private static String jobsPath(TestRuntime rt) {
        return "/api/v1/deployments/" + rt.name() + "/jobs";
    }

    private static String logPath(String id) {
        return "/api/v1/jobs/" + id + "/log";
    }

    private static List<Long> lineSeqs(List<Client.Event> events) {
        List<Long> out = new ArrayList<>();
        for (Client.Event e : events) {
            if (e.type().equals("line")) out.add(e.json().path("seq").asLong());
        }
        return out;
    }

    @Test
    void firstLineArrivesWhileJobRuns() throws Exception {
        TestRuntime rt = deployment();
        CountDownLatch release = new CountDownLatch(1);
        rt.behaviour = (a, s, out) -> {
            TestRuntime.run(out, "echo", "first");
            release.await();
        };
        String id = client.startJob(jobsPath(rt), "start");
        try (Client.Stream st = client.stream(logPath(id))) {
            assertThat(st.response.code()).isEqualTo(200);
            assertThat(st.response.header("Content-Type")).startsWith("text/event-stream");
            assertThat(st.response.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(st.response.header("X-Accel-Buffering")).isEqualTo("no");
            Client.Event e1 = st.next();
            Client.Event e2 = st.next();
            assertThat(e1.json().path("stream").asText()).isEqualTo("system");
            assertThat(e2.json().path("text").asText()).isEqualTo("first");
            assertThat(e2.id()).isEqualTo("2");
            assertThat(client.get("/api/v1/jobs/" + id).body().path("job").path("status").asText()).isEqualTo("running");
            release.countDown();
            List<Client.Event> rest = st.rest();
            Client.Event end = rest.get(rest.size() - 1);
            assertThat(end.type()).isEqualTo("end");
            assertThat(end.json().path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void newlinesAndCarriageReturnsKeepFraming() throws Exception {
        TestRuntime rt = deployment();
        String nasty = "a\nevent: end\ndata: {}\r\rb\u00e9\u4e2d\ud83d\ude00";
        rt.behaviour = (a, s, out) -> out.line(LineStream.STDOUT, nasty);
        String id = client.startJob(jobsPath(rt), "start");
        try (Client.Stream st = client.stream(logPath(id))) {
            List<Client.Event> events = st.rest();
            assertThat(events).filteredOn(e -> e.type().equals("line")).extracting(e -> e.json().path("text").asText())
                    .contains(nasty);
            assertThat(events).filteredOn(e -> e.type().equals("end")).hasSize(1);
            assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
        }
    }

    @Test
    void stitchingGapLosesNothing() throws Exception {
        TestRuntime rt = deployment();
        CountDownLatch produceMore = new CountDownLatch(1);
        rt.behaviour = (a, s, out) -> {
            out.line(LineStream.STDOUT, "before");
            produceMore.await();
            for (int i = 0; i < 3; i++) out.line(LineStream.STDOUT, "after " + i);
        };
        String id = client.startJob(jobsPath(rt), "start");
        await().until(() -> fx.agent().engine().jobs().log(id).orElseThrow().lastSeq() >= 2);
        CountDownLatch hookReached = new CountDownLatch(1);
        CountDownLatch hookRelease = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        fx.agent().http().streamHook(() -> {
            if (calls.getAndIncrement() == 0) {
                hookReached.countDown();
                try {
                    hookRelease.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (Client.Stream st = client.stream(logPath(id))) {
            assertThat(hookReached.await(30, TimeUnit.SECONDS)).isTrue();
            // The reader has read the stored lines and not yet waited for live ones: produce now, and finish.
            produceMore.countDown();
            await().until(() -> fx.agent().engine().jobs().find(id).orElseThrow().status().isTerminal());
            hookRelease.countDown();
            List<Client.Event> events = st.rest();
            long last = fx.agent().engine().jobs().find(id).orElseThrow().lines();
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= last; i++) expected.add(i);
            assertThat(lineSeqs(events)).isEqualTo(expected);
            assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
        } finally {
            fx.agent().http().streamHook(null);
        }
    }

    @Test
    void slowReaderGetsEveryLine() throws Exception {
        // With the defaults a user gets (this class's agent holds only 10 lines in memory).
        try (ScriptedAgent big = ScriptedAgent.start(b -> b)) {
            TestRuntime r2 = big.catalog.add("slow", "web");
            CountDownLatch go = new CountDownLatch(1);
            r2.behaviour = (a, s, out) -> {
                go.await();
                TestRuntime.run(out, "seq", "1", "20000");
            };
            String id = big.http.startJob("/api/v1/deployments/slow/jobs", "start");
            try (Client.Stream st = big.http.stream(logPath(id))) {
                go.countDown();
                // The reader reads nothing while the job produces everything: the producer is never blocked.
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> big.agent().engine().jobs().find(id).orElseThrow().status().isTerminal());
                List<Client.Event> events = st.rest();
                List<Long> seqs = lineSeqs(events);
                long last = big.agent().engine().jobs().find(id).orElseThrow().lines();
                assertThat(last).isGreaterThan(20000);
                assertThat(seqs).hasSize((int) last);
                for (int i = 0; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(i + 1L);
                assertThat(events.get(events.size() - 1).json().path("status").asText()).isEqualTo("succeeded");
            }
        }
    }

    private void assertEndsWith(TestRuntime.Behaviour b, String status, String errorPart) {
        TestRuntime rt = deployment();
        rt.behaviour = b;
        String id = client.startJob(jobsPath(rt), "restart");
        try (Client.Stream st = client.stream(logPath(id))) {
            List<Client.Event> events = st.rest();
            Client.Event end = events.get(events.size() - 1);
            assertThat(end.type()).isEqualTo("end");
            assertThat(end.json().path("status").asText()).isEqualTo(status);
            if (errorPart != null) assertThat(end.json().path("error").asText()).contains(errorPart);
        }
        // The lock is released on every path.
        await().until(() -> client.post(jobsPath(rt), "{\"action\":\"stop\"}").status() == 202);
    }

    @Test
    void everyEndPathSendsEnd() {
        assertEndsWith((a, s, out) -> { }, "succeeded", null);
        assertEndsWith((a, s, out) -> {
            throw new ActionFailedException("compose said no", 3);
        }, "failed", "compose said no");
        assertEndsWith((a, s, out) -> {
            throw new IllegalStateException("runner bug");
        }, "failed", "runner bug");
        assertEndsWith((a, s, out) -> {
            throw new OutOfMemoryError("pretend");
        }, "failed", "pretend");
        assertEndsWith((a, s, out) -> TestRuntime.run(out, "false"), "failed", "exited with 1");
        // A process killed from outside.
        assertEndsWith((a, s, out) -> {
            Process p;
            try {
                p = new ProcessBuilder("sleep", "600").start();
            } catch (java.io.IOException e) {
                throw new ActionFailedException(e.getMessage(), null);
            }
            p.destroyForcibly();
            int code = p.waitFor();
            throw new ActionFailedException("killed: exit " + code, code);
        }, "failed", "killed");
    }

    @Test
    void terminalStatusIsNeverOverwritten() throws Exception {
        TestRuntime rt = deployment();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        rt.behaviour = (a, s, out) -> {
            // Ignores interrupts: only the release latch lets it go, then it "succeeds" and writes late.
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    continue;
                }
            }
            out.line(LineStream.STDOUT, "late line");
            returned.countDown();
        };
        String id = client.startJob(jobsPath(rt), "start");
        await().until(() -> client.get("/api/v1/jobs/" + id).body().path("job").path("status").asText().equals("running"));
        assertThat(client.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        try (Client.Stream st = client.stream(logPath(id))) {
            List<Client.Event> events = st.rest();
            Client.Event end = events.get(events.size() - 1);
            assertThat(end.type()).isEqualTo("end");
            assertThat(end.json().path("status").asText()).isEqualTo("canceled");
        }
        long lines = client.get("/api/v1/jobs/" + id).body().path("job").path("lines").asLong();
        release.countDown();
        assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
        // Wait for the abandoned job thread itself to run to its end (its late "success" included).
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("capstan-job-" + id)) t.join(10_000);
        }
        Client.Answer after = client.get("/api/v1/jobs/" + id);
        assertThat(after.body().path("job").path("status").asText()).isEqualTo("canceled");
        assertThat(after.body().path("job").path("lines").asLong()).isEqualTo(lines);
        assertThat(client.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void memoryHoldsTheNewestLinesAndTheFilesServeTheRest() {
        // This agent holds 10 lines of a job in memory: the other 92 are read from the job's files, without a gap.
        TestRuntime rt = deployment();
        rt.behaviour = (a, s, out) -> TestRuntime.run(out, "seq", "1", "100");
        String id = client.startJob(jobsPath(rt), "start");
        await().until(() -> fx.agent().engine().jobs().find(id).orElseThrow().status().isTerminal());
        try (Client.Stream st = client.stream(logPath(id))) {
            List<Client.Event> events = st.rest();
            long last = fx.agent().engine().jobs().find(id).orElseThrow().lines();
            assertThat(last).isEqualTo(102);
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= last; i++) expected.add(i);
            assertThat(lineSeqs(events)).isEqualTo(expected);
            assertThat(events).noneMatch(e -> e.type().equals("gap"));
            assertThat(events.get(1).json().path("text").asText()).isEqualTo("1");
            assertThat(events.get(100).json().path("text").asText()).isEqualTo("100");
            Client.Event end = events.get(events.size() - 1);
            assertThat(end.json().path("droppedLines").asLong()).isZero();
        }
    }

    @Test
    void subscribingAfterTheJobEndedReplaysAndEnds() {
        TestRuntime rt = deployment();
        rt.behaviour = (a, s, out) -> TestRuntime.run(out, "seq", "1", "3");
        String id = client.startJob(jobsPath(rt), "start");
        await().until(() -> fx.agent().engine().jobs().find(id).orElseThrow().status().isTerminal());
        long last = fx.agent().engine().jobs().find(id).orElseThrow().lines();
        try (Client.Stream st = client.stream(logPath(id))) {
            List<Client.Event> events = st.rest();
            assertThat(lineSeqs(events)).hasSize((int) last);
            assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
        }
        try (Client.Stream st = client.stream(client.req(logPath(id)).header("Accept", "text/event-stream")
                .header("Last-Event-ID", String.valueOf(last)).build())) {
            List<Client.Event> events = st.rest();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).type()).isEqualTo("end");
        }
        try (Client.Stream st = client.stream(logPath(id) + "?after=2")) {
            assertThat(lineSeqs(st.rest()).get(0)).isEqualTo(3L);
        }
        Client.Answer page = client.get(logPath(id) + "?after=1&limit=2");
        assertThat(page.body().path("lines")).hasSize(2);
        assertThat(page.body().path("next").asLong()).isEqualTo(3);
        assertThat(page.body().path("done").asBoolean()).isFalse();
        Client.Answer all = client.get(logPath(id) + "?after=3&limit=100");
        assertThat(all.body().path("done").asBoolean()).isTrue();
        assertThat(all.body().path("next").asLong()).isEqualTo(last);
    }

    @Test
    void acceptListWithEventStreamIsAStream() {
        TestRuntime rt = deployment();
        String id = client.startJob(jobsPath(rt), "start");
        try (Client.Stream st = client.stream(client.req(logPath(id))
                .header("Accept", "application/json;q=0.5, text/event-stream").build())) {
            assertThat(st.response.header("Content-Type")).startsWith("text/event-stream");
            List<Client.Event> events = st.rest();
            assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
        }
    }
}
