package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LinePumpTest {
    private static final Pattern MARKER = Pattern.compile("… \\[line truncated by capstan: (\\d+) bytes]$");

    private static List<String> pump(byte[] input) throws InterruptedException {
        RecordingContext.RecordingSink sink = new RecordingContext.RecordingSink();
        LinePump.start("test-pump", new ByteArrayInputStream(input), LineStream.STDERR, sink).join(10_000);
        return sink.lines();
    }

    /** The kept text of a cut line, after checking that kept + left out = the line's length and all fits the limit. */
    private static String checkCut(String line, long lineBytes) {
        String cut = line.substring("stderr: ".length());
        Matcher m = MARKER.matcher(cut);
        assertThat(m.find()).as("marker at the end of a cut line").isTrue();
        String kept = cut.substring(0, m.start());
        long keptBytes = kept.getBytes(StandardCharsets.UTF_8).length;
        assertThat(keptBytes + Long.parseLong(m.group(1))).as("kept + left out").isEqualTo(lineBytes);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LinePump.MAX_LINE_BYTES);
        assertThat(kept).doesNotContain("\uFFFD");
        return kept;
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws InterruptedException {
        assertThat(pump("one\r\ntwo\n\nthree\rstill three\nlast".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("stderr: one", "stderr: two", "stderr: ", "stderr: three\rstill three", "stderr: last");
    }

    @Test
    void anEnormousLineIsCutWithAMarkerCountingWhatWasLeftOutAndTheNextLineSurvives() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("x".repeat(LinePump.MAX_LINE_BYTES - 1).getBytes(StandardCharsets.UTF_8));
        b.write("é".repeat(1_000_000).getBytes(StandardCharsets.UTF_8)); // two-byte characters across the cut
        int lineBytes = b.size();
        b.write("\r\nnext\n".getBytes(StandardCharsets.UTF_8));
        List<String> lines = pump(b.toByteArray());
        assertThat(lines).hasSize(2);
        assertThat(checkCut(lines.get(0), lineBytes)).startsWith("xxx");
        assertThat(lines.get(1)).isEqualTo("stderr: next");
    }

    @Test
    void aTwoMegabyteLineReportsAboutTwoMegabytesLeftOut() throws Exception {
        // The bug this guards: the pump cut first with a marker of its own, the line log cut again and reported
        // the few bytes of that marker ("89 bytes") instead of the megabytes that were really lost.
        int size = 2 * 1024 * 1024;
        List<String> lines = pump(("z".repeat(size) + "\n").getBytes(StandardCharsets.UTF_8));
        String kept = checkCut(lines.get(0), size);
        assertThat(size - kept.length()).isGreaterThan(size - LinePump.MAX_LINE_BYTES);
    }

    @Test
    void anEndlessLineIsPassedOnAtTheEndOfTheOutput() throws Exception {
        int size = LinePump.MAX_LINE_BYTES * 3 + 7;
        List<String> lines = pump("€".repeat(size / 3).getBytes(StandardCharsets.UTF_8)); // three-byte characters
        assertThat(lines).hasSize(1);
        checkCut(lines.get(0), (size / 3) * 3L);
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptWholeWithOrWithoutCarriageReturn() throws Exception {
        String full = "y".repeat(LinePump.MAX_LINE_BYTES);
        assertThat(pump((full + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly("stderr: " + full);
        assertThat(pump((full + "\r\n").getBytes(StandardCharsets.UTF_8))).containsExactly("stderr: " + full);
        assertThat(pump((full + "y\r\n").getBytes(StandardCharsets.UTF_8)).get(0)).endsWith(LineSink.truncationMarker(
                LinePump.MAX_LINE_BYTES + 1 - (LinePump.MAX_LINE_BYTES - LineSink.truncationMarker(LinePump.MAX_LINE_BYTES + 1)
                        .getBytes(StandardCharsets.UTF_8).length)));
    }

    @Test
    void aFailingSinkDoesNotStopTheDraining() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        // One line a read, so each is its own batch: the failing one is dropped, the pump reads on.
        java.io.InputStream oneLineAtATime = new java.io.FilterInputStream(
                new ByteArrayInputStream("a\nboom\nc\n".getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = 0;
                int c;
                while (n < len && (c = in.read()) >= 0) {
                    b[off + n++] = (byte) c;
                    if (c == '\n') break;
                }
                return n == 0 ? -1 : n;
            }
        };
        Thread t = LinePump.start("test-pump", oneLineAtATime, LineStream.STDOUT, (stream, text) -> {
            if (text.equals("boom")) throw new IllegalStateException("sink failed");
            seen.add(text);
        });
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(seen).containsExactly("a", "c");
    }

    @Test
    void linesSplitAcrossReadsComeWholeAndOneReadIsOneBatch() throws Exception {
        List<List<String>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        byte[] all = "one\r\ntwo\nthr€e\n".getBytes(StandardCharsets.UTF_8);
        // Reads of 4 bytes: "one\r|\ntwo|\nthr|€|e\n": the \r\n, the lines and the euro sign split between reads.
        java.io.InputStream fiveAtATime = new java.io.FilterInputStream(new ByteArrayInputStream(all)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return in.read(b, off, Math.min(len, 4));
            }
        };
        LineSink sink = new LineSink() {
            @Override
            public void line(LineStream stream, String text) {
                batches.add(List.of(text));
            }

            @Override
            public void lines(LineStream stream, List<String> texts) {
                batches.add(texts);
            }
        };
        LinePump.start("test-pump", fiveAtATime, LineStream.STDOUT, sink).join(10_000);
        assertThat(batches).flatExtracting(b -> b).containsExactly("one", "two", "thr€e");
        assertThat(batches).allSatisfy(b -> assertThat(b).isNotEmpty());
        // "one" ends in the second read, "two" in the third, "thr€e" in the fifth: one batch each, none empty.
        assertThat(batches).hasSize(3);
    }
}
