package io.capstan.client.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.TestSseServer;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failure rows 13, 14 and 17 for job output, against an in-test SSE server behind a fault proxy. */
class JobLogStreamTest {
    private static final ObjectMapper MAPPER = ProtocolJson.mapper();
    /** Lines per {@code lines} event the scripted server sends: not a divisor of anything, so cuts land mid-batch. */
    private static final int BATCH = 7;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00.000Z");

    private TestSseServer server;
    private FaultProxy proxy;
    private AgentClient client;
    private ExecutorScheduler scheduler;
    private JobLogStream stream;
    private final Recorder recorder = new Recorder();

    /** What the view would hold; it takes lines a batch at a time, as the console's panes do. */
    static final class Recorder implements JobLogStream.Listener {
        final List<Line> lines = new CopyOnWriteArrayList<>();
        /** The seqs of each {@link #onLines} call. */
        final List<List<Long>> batches = new CopyOnWriteArrayList<>();
        final List<long[]> gaps = new CopyOnWriteArrayList<>();
        final List<Job> ends = new CopyOnWriteArrayList<>();
        final List<String> notFound = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(Line line) {
            throw new AssertionError("a listener that takes batches gets every line through onLines");
        }

        @Override
        public void onLines(List<Line> batch) {
            batches.add(batch.stream().map(Line::seq).toList());
            lines.addAll(batch);
        }

        @Override
        public void onGap(long from, long to) {
            gaps.add(new long[] {from, to});
        }

        @Override
        public void onEnd(Job job) {
            ends.add(job);
        }

        @Override
        public void onNotFound(String jobId) {
            notFound.add(jobId);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        server = new TestSseServer();
        proxy = new FaultProxy(server.port());
        scheduler = new ExecutorScheduler("log-test-scheduler");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (stream != null) stream.close();
        if (client != null) client.close();
        scheduler.close();
        proxy.close();
        server.close();
    }

    static String textOf(long seq) {
        return "line " + seq + " h\u00e9llo \u20ac \uD83D\uDE80 \u65e5\u672c " + "x".repeat((int) (seq % 40));
    }

    static Job job(JobStatus status, long lines) {
        return new Job("j-1", "shop", null, Action.REBUILD, status, T0, T0, T0, 0, null, lines, 0);
    }

    /** Serves every line after the resume point (after= or Last-Event-ID), then {@code end}, then closes. */
    private void serveJob(long total, java.util.function.LongFunction<String> text) {
        server.handler(e -> {
            long after = e.queryLong("after", 0);
            String lastId = e.header("Last-Event-ID");
            if (lastId != null) after = Math.max(after, Long.parseLong(lastId));
            e.startStream();
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            for (long seq = after + 1; seq <= total; seq += BATCH) {
                List<Line> batch = new ArrayList<>();
                for (long s = seq; s < seq + BATCH && s <= total; s++) batch.add(new Line(s, T0, LineStream.STDOUT, text.apply(s)));
                chunk.write(TestSseServer.linesEvent(Long.toString(batch.get(batch.size() - 1).seq()), batch));
                if (chunk.size() > 16_384) {
                    e.append(chunk.toByteArray());
                    e.flush();
                    chunk.reset();
                }
            }
            e.append(chunk.toByteArray());
            e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, total)));
            e.end();
        });
    }

    private void follow(String baseUrl, long after, Backoff backoff) {
        client = new AgentClient(new AgentEndpoint("test", baseUrl, "tok"));
        stream = new JobLogStream(client, "j-1", after, recorder, Duration.ofSeconds(10), scheduler, backoff);
        stream.start();
    }

    private static Backoff fast() {
        return new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 0.0, Duration.ofSeconds(3), Clock.systemUTC(), () -> 0.0);
    }

    private void assertExactlyOnceInOrder(long total, java.util.function.LongFunction<String> text) {
        assertThat(recorder.lines).hasSize((int) total);
        for (int i = 0; i < total; i++) {
            Line l = recorder.lines.get(i);
            assertThat(l.seq()).isEqualTo(i + 1);
            assertThat(l.text()).isEqualTo(text.apply(i + 1));
        }
    }

    @Test
    void lineCutByReconnectIsShownExactlyOnceInOrder() {
        long total = 100_000;
        Random random = new Random(17);
        int cuts = 1_000;
        int[] connections = {0};
        proxy.cutPolicy(() -> connections[0]++ < cuts ? 1 + random.nextInt(8_000) : -1);
        serveJob(total, JobLogStreamTest::textOf);
        follow(proxy.url(), 0, fast());
        // 1,000 reconnects: on a machine loaded by parallel builds this took 35-60 s, and over 100 s at a load of 34 on
        // two cores; the bound only catches a hang.
        await().atMost(Duration.ofSeconds(300)).until(() -> !recorder.ends.isEmpty());
        assertThat(proxy.cuts()).isEqualTo(cuts);
        assertExactlyOnceInOrder(total, JobLogStreamTest::textOf);
        assertThat(recorder.ends).hasSize(1);
        assertThat(recorder.gaps).isEmpty();
        assertThat(stream.state()).isInstanceOf(StreamState.Stopped.class);
        assertThat(((StreamState.Stopped) stream.state()).reason()).isEqualTo(StreamState.StopReason.ENDED);
    }

    @Test
    void multiByteCharactersSplitIntoSingleByteWritesArriveWhole() {
        proxy.oneBytePerWrite(true);
        serveJob(200, JobLogStreamTest::textOf);
        follow(proxy.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertExactlyOnceInOrder(200, JobLogStreamTest::textOf);
    }

    @Test
    void payloadWithNewlinesAndCarriageReturnsArrivesIntact() {
        java.util.function.LongFunction<String> text = seq -> "a\nb\r\nc\rd " + seq + " \u2028 data: fake\n\nid: 99";
        serveJob(50, text);
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertExactlyOnceInOrder(50, text);
    }

    @Test
    void jobThatNoLongerExistsEndsWithNotFoundAndNoRetry() {
        server.handler(e -> e.respond(404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"no job\"}}"));
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.notFound.isEmpty());
        assertThat(recorder.notFound).containsExactly("j-1");
        assertThat(((StreamState.Stopped) stream.state()).reason()).isEqualTo(StreamState.StopReason.NOT_FOUND);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void resumingAfterTheLastLineOfAFinishedJobGetsEndAtOnce() throws InterruptedException {
        serveJob(100, JobLogStreamTest::textOf);
        follow(server.url(), 100, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(recorder.lines).isEmpty();
        assertThat(recorder.ends.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
        TestSseServer.Received r = server.takeRequest();
        assertThat(r.query()).isEqualTo("after=100");
        assertThat(r.lastEventId()).isEqualTo("100");
        assertThat(r.accept()).contains("text/event-stream");
        assertThat(r.authorization()).isEqualTo("Bearer tok");
    }

    @Test
    void gapIsReportedOnceAndLinesAfterItFollow() {
        server.handler(e -> {
            e.startStream();
            e.lines("1", new Line(1, T0, LineStream.STDOUT, "first"));
            e.event("5", "gap", "{\"from\":2,\"to\":5}");
            e.lines("6", new Line(6, T0, LineStream.STDOUT, "sixth"));
            e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.FAILED, 6)));
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(recorder.lines).extracting(Line::text).containsExactly("first", "sixth");
        assertThat(recorder.gaps).hasSize(1);
        assertThat(recorder.gaps.get(0)).containsExactly(2, 5);
        assertThat(stream.lastSeq()).isEqualTo(6);
    }

    @Test
    void repeatedLinesFromAServerThatIgnoresTheResumePointAreDropped() {
        List<Integer> attempts = new ArrayList<>();
        server.handler(e -> {
            attempts.add(1);
            e.startStream();
            for (long seq = 1; seq <= 10; seq++) {
                e.lines(Long.toString(seq), new Line(seq, T0, LineStream.STDOUT, textOf(seq)));
            }
            if (attempts.size() >= 2) e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, 10)));
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertExactlyOnceInOrder(10, JobLogStreamTest::textOf);
    }

    @Test
    void aBatchOverlappingWhatWasDeliveredIsCutWhereItOverlaps() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        server.handler(e -> {
            attempts.add(1);
            e.startStream();
            if (attempts.size() == 1) {
                e.lines("4", line(1), line(2), line(3), line(4));
            } else {
                // a server whose batches do not start at the resume point: lines 2..4 were delivered already
                e.lines("9", line(2), line(3), line(4), line(5), line(6), line(7), line(8), line(9));
                e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, 9)));
            }
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertExactlyOnceInOrder(9, JobLogStreamTest::textOf);
        assertThat(recorder.batches).containsExactly(List.of(1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L, 9L));
        assertThat(recorder.gaps).isEmpty();
        List<TestSseServer.Received> requests = new ArrayList<>(server.requests());
        assertThat(requests.get(1).lastEventId()).isEqualTo("4");
    }

    @Test
    void aBatchStartingPastTheCursorReportsTheSkippedNumbersAsOneGap() {
        server.handler(e -> {
            e.startStream();
            e.lines("3", line(1), line(2), line(3));
            e.lines("8", line(7), line(8));
            e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, 8)));
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(recorder.lines).extracting(Line::seq).containsExactly(1L, 2L, 3L, 7L, 8L);
        assertThat(recorder.batches).containsExactly(List.of(1L, 2L, 3L), List.of(7L, 8L));
        assertThat(recorder.gaps).hasSize(1);
        assertThat(recorder.gaps.get(0)).containsExactly(4, 6);
        assertThat(stream.lastSeq()).isEqualTo(8);
    }

    @Test
    void hugeLinesCutAnywhereByTheConnectionArriveWholeAndOnce() {
        java.util.function.LongFunction<String> text = seq -> seq + " " + "\u00e9\u20ac\"\\".repeat(9_000 + (int) seq);
        Random random = new Random(5);
        int[] connections = {0};
        proxy.cutPolicy(() -> connections[0]++ < 40 ? 1 + random.nextInt(200_000) : -1);
        serveJob(60, text);
        follow(proxy.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(proxy.cuts()).isGreaterThan(5);
        assertExactlyOnceInOrder(60, text);
        assertThat(recorder.gaps).isEmpty();
    }

    @Test
    void aReopenedPaneResumingInsideABatchGetsOnlyTheRestOfIt() throws InterruptedException {
        server.handler(e -> {
            e.startStream();
            // a server (or an older agent) that answers with the whole batch the resume point falls in
            e.lines("7", line(1), line(2), line(3), line(4), line(5), line(6), line(7));
            e.lines("9", line(8), line(9));
            e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, 9)));
            e.end();
        });
        follow(server.url(), 5, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(recorder.lines).extracting(Line::seq).containsExactly(6L, 7L, 8L, 9L);
        assertThat(recorder.gaps).isEmpty();
        TestSseServer.Received first = server.takeRequest();
        assertThat(first.query()).isEqualTo("after=5");
        assertThat(first.lastEventId()).isEqualTo("5");
    }

    @Test
    void aBatchCutByTheConnectionIsNeverCountedAndTheResumeIsAtTheLastWholeBatch() throws InterruptedException {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        server.handler(e -> {
            attempts.add(1);
            e.startStream();
            if (attempts.size() == 1) {
                e.lines("4", line(1), line(2), line(3), line(4));
                byte[] next = TestSseServer.linesEvent("8", List.of(line(5), line(6), line(7), line(8)));
                e.append(java.util.Arrays.copyOf(next, next.length - 1)); // all but the blank line: never dispatched
                e.flush();
            } else {
                e.lines("8", line(5), line(6), line(7), line(8));
                e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.SUCCEEDED, 8)));
            }
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertExactlyOnceInOrder(8, JobLogStreamTest::textOf);
        assertThat(recorder.gaps).isEmpty();
        server.takeRequest();
        TestSseServer.Received resumed = server.takeRequest();
        assertThat(resumed.lastEventId()).isEqualTo("4");
        assertThat(resumed.query()).isEqualTo("after=4");
    }

    @Test
    void aGapOverlappingTheResumePointIsReportedOnlyBeyondItAndMovesTheCursor() throws InterruptedException {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        server.handler(e -> {
            attempts.add(1);
            e.startStream();
            if (attempts.size() == 1) {
                e.lines("5", line(1), line(2), line(3), line(4), line(5));
            } else if (attempts.size() == 2) {
                e.event("8", "gap", "{\"from\":3,\"to\":8}");
                e.event("2", "gap", "{\"from\":1,\"to\":2}"); // all at or below the cursor: nothing to report
            } else {
                e.lines("9", line(9));
                e.event(null, "end", MAPPER.writeValueAsString(job(JobStatus.FAILED, 9)));
            }
            e.end();
        });
        follow(server.url(), 0, fast());
        await().atMost(WAIT).until(() -> !recorder.ends.isEmpty());
        assertThat(recorder.lines).extracting(Line::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 9L);
        assertThat(recorder.gaps).hasSize(1);
        assertThat(recorder.gaps.get(0)).containsExactly(6, 8);
        server.takeRequest();
        assertThat(server.takeRequest().lastEventId()).isEqualTo("5");
        assertThat(server.takeRequest().lastEventId()).isEqualTo("8");
    }

    private static Line line(long seq) {
        return new Line(seq, T0.plusMillis(seq), LineStream.STDOUT, textOf(seq));
    }
}
