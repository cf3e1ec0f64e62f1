package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.LineStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job log's wire format against a real agent (decision record 60): lines travel in {@code lines} batches whose id is
 * their last seq, about 20 bytes a line beyond the text, and a resume point anywhere (inside a batch the agent sent
 * before, or at its end) continues right after it.
 */
class LineBatchStreamTest {
    private static final int LINES = 5_000;
    private static ScriptedAgent fx;
    private static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() {
        fx = ScriptedAgent.start(b -> b);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static String text(long i) {
        String head = "line " + i + " ";
        return head + "x".repeat(100 - head.length());
    }

    /** A finished job of {@code n} lines made by {@code text}; returns its id. */
    private static String finishedJob(int n, java.util.function.LongFunction<String> text) {
        TestRuntime rt = fx.catalog.add("b" + N.incrementAndGet(), "web");
        rt.behaviour = (a, s, out) -> {
            for (long i = 1; i <= n; i++) out.line(LineStream.STDOUT, text.apply(i));
        };
        String id = fx.http.startJob("/api/v1/deployments/" + rt.name() + "/jobs", "start");
        org.awaitility.Awaitility.await().until(() -> fx.http.get("/api/v1/jobs/" + id).body().path("job")
                .path("finishedAt").isTextual());
        return id;
    }

    private record Batches(List<Client.Event> events, List<Line> lines, long wireBytes) {
    }

    private static Batches read(String id, String lastEventId) {
        List<Client.Event> events = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        long bytes = 0;
        var req = fx.http.req("/api/v1/jobs/" + id + "/log").header("Accept", "text/event-stream");
        if (lastEventId != null) req.header("Last-Event-ID", lastEventId);
        try (Client.Stream st = fx.http.stream(req.build())) {
            Client.Event e;
            while ((e = st.nextRaw()) != null) {
                events.add(e);
                if (!e.type().equals("lines")) continue;
                int fields = e.data().split("\n", -1).length;
                bytes += ("event: lines\nid: " + e.id() + "\n").length() + e.data().getBytes(StandardCharsets.UTF_8).length
                        + fields * "data: \n".length() + 1;
                lines.addAll(LineBatch.read(e.data()));
            }
        }
        return new Batches(events, lines, bytes);
    }

    @Test
    void linesComeInBatchesIdentifiedByTheirLastSeqAtAboutTwentyBytesALine() {
        String id = finishedJob(LINES, LineBatchStreamTest::text);
        Batches b = read(id, null);
        List<Client.Event> batches = b.events().stream().filter(e -> e.type().equals("lines")).toList();
        assertThat(batches.size()).isLessThan(LINES / 100); // not a line an event
        long expected = 1;
        for (Client.Event e : batches) {
            List<Line> in = LineBatch.read(e.data());
            assertThat(in.get(0).seq()).isEqualTo(expected);
            expected = in.get(in.size() - 1).seq() + 1;
            assertThat(e.id()).isEqualTo(Long.toString(expected - 1));
        }
        assertThat(b.events().get(b.events().size() - 1).type()).isEqualTo("end");
        long textBytes = 0;
        for (Line l : b.lines()) textBytes += l.text().getBytes(StandardCharsets.UTF_8).length;
        double overhead = (double) (b.wireBytes() - textBytes) / b.lines().size();
        assertThat(overhead).as("wire bytes a line beyond its text").isLessThanOrEqualTo(40.0);
        for (Line l : b.lines()) {
            if (l.stream() == LineStream.STDOUT) assertThat(l.text()).isEqualTo(text(l.seq() - 1));
        }
    }

    @Test
    void aResumePointInsideABatchOrAtItsEndContinuesRightAfterIt() {
        String id = finishedJob(LINES, LineBatchStreamTest::text);
        List<Client.Event> first = read(id, null).events();
        long boundary = Long.parseLong(first.get(0).id());
        long total = read(id, null).lines().size();
        for (long resume : new long[] {boundary - 3, boundary, boundary + 1, total - 1}) {
            List<Line> got = read(id, Long.toString(resume)).lines();
            assertThat(got).isNotEmpty();
            assertThat(got.get(0).seq()).as("first line after resuming at %d", resume).isEqualTo(resume + 1);
            for (int i = 1; i < got.size(); i++) assertThat(got.get(i).seq()).isEqualTo(got.get(i - 1).seq() + 1);
            assertThat(got.get(got.size() - 1).seq()).isEqualTo(total);
        }
        List<Client.Event> afterAll = read(id, Long.toString(total)).events();
        assertThat(afterAll).extracting(Client.Event::type).containsExactly("end");
    }

    @Test
    void hugeLinesSplitBatchesAndArriveWhole() {
        String big = "\u00e9\u20ac\"\\\t".repeat(10_000); // 2+3+1+1+1 bytes each: 80,000 bytes, cut at 64 KiB
        String id = finishedJob(40, i -> i + big);
        Batches b = read(id, null);
        List<Line> stdout = b.lines().stream().filter(l -> l.stream() == LineStream.STDOUT).toList();
        assertThat(stdout).hasSize(40);
        for (Line l : stdout) {
            assertThat(l.text()).startsWith((l.seq() - 1) + big.substring(0, 100));
            assertThat(l.text()).contains("[line truncated by capstan:");
        }
        for (Client.Event e : b.events()) {
            if (e.type().equals("lines")) assertThat(e.data().length()).isLessThan(2 * 256 * 1024);
        }
    }
}
