package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.LineStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePumpTest {

    private static List<String> pump(byte[] input) throws InterruptedException {
        RecordingContext.RecordingSink sink = new RecordingContext.RecordingSink();
        LinePump.start("test-pump", new ByteArrayInputStream(input), LineStream.STDERR, sink).join(10_000);
        return sink.lines();
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws InterruptedException {
        assertThat(pump("one\r\ntwo\n\nthree\rstill three\nlast".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("stderr: one", "stderr: two", "stderr: ", "stderr: three\rstill three", "stderr: last");
    }

    @Test
    void anEnormousLineIsCutWithAMarkerAndTheNextLineSurvives() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("x".repeat(LinePump.MAX_LINE_BYTES - 1).getBytes(StandardCharsets.UTF_8));
        b.write("é".repeat(100_000).getBytes(StandardCharsets.UTF_8)); // two-byte characters across the cut
        b.write("\r\nnext\n".getBytes(StandardCharsets.UTF_8));
        List<String> lines = pump(b.toByteArray());
        assertThat(lines).hasSize(2);
        String cut = lines.get(0).substring("stderr: ".length());
        assertThat(cut).endsWith(LinePump.CUT_MARKER).doesNotContain("\uFFFD");
        String kept = cut.substring(0, cut.length() - LinePump.CUT_MARKER.length());
        assertThat(kept).startsWith("xxx").hasSize(LinePump.MAX_LINE_BYTES - 1);
        assertThat(lines.get(1)).isEqualTo("stderr: next");
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptWhole() throws Exception {
        String full = "y".repeat(LinePump.MAX_LINE_BYTES);
        assertThat(pump((full + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly("stderr: " + full);
    }

    @Test
    void aFailingSinkDoesNotStopTheDraining() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = LinePump.start("test-pump", new ByteArrayInputStream("a\nboom\nc\n".getBytes(StandardCharsets.UTF_8)),
                LineStream.STDOUT, (stream, text) -> {
                    if (text.equals("boom")) throw new IllegalStateException("sink failed");
                    seen.add(text);
                });
        t.join(10_000);
        assertThat(seen).containsExactly("a", "c");
    }
}
