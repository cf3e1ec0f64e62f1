package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored line written and read by hand is the protocol's Line as JSON: Jackson reads ours, and ours reads Jackson's. */
class StoredLineTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final List<Line> LINES = List.of(
            new Line(1, T0, LineStream.SYSTEM, "rebuild shop"),
            new Line(2, T0, LineStream.STDOUT, "plain"),
            new Line(3, T0.plusMillis(1), LineStream.STDERR, "\"quoted\" \\ back\tslash \u0000 nul"),
            new Line(4, T0.plusMillis(1), LineStream.STDOUT, "\u00fcn\u00efc\u00f8d\u00e9 \u20ac \uD83D\uDE80 \"}"),
            new Line(123_456_789_012L, T0.minusSeconds(86_400 * 400), LineStream.STDOUT, ""));

    @Test
    void writesWhatJacksonReadsAndReadsWhatJacksonWrites() throws Exception {
        StoredLine writer = new StoredLine();
        ByteArrayBuilder b = new ByteArrayBuilder();
        for (Line l : LINES) writer.write(l, b);
        String[] stored = new String(b.toByteArray(), StandardCharsets.UTF_8).split("\n");
        assertThat(stored).hasSize(LINES.size());
        List<Line> byJackson = new ArrayList<>();
        for (String s : stored) byJackson.add(ProtocolJson.mapper().readValue(s, Line.class));
        assertThat(byJackson).isEqualTo(LINES);

        StoredLine reader = new StoredLine();
        List<Line> ours = new ArrayList<>();
        for (Line l : LINES) {
            byte[] jackson = ProtocolJson.mapper().writeValueAsBytes(l);
            ours.add(reader.read(jackson, 0, jackson.length));
        }
        assertThat(ours).isEqualTo(LINES);
        assertThat(new String(ProtocolJson.mapper().writeValueAsBytes(LINES.get(1)), StandardCharsets.UTF_8))
                .as("the same bytes as Jackson for a plain line").isEqualTo(stored[1]);
    }

    @Test
    void aLineInAnotherShapeIsReadByJacksonAndADamagedOneFails() throws Exception {
        byte[] reordered = "{\"text\":\"x\",\"stream\":\"stderr\",\"seq\":9,\"ts\":\"2026-11-23T10:15:30.123Z\",\"more\":1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new StoredLine().read(reordered, 0, reordered.length)).isEqualTo(new Line(9, T0, LineStream.STDERR, "x"));
        byte[] torn = "{\"seq\":9,\"ts\":\"2026-11-23T10:15:30.123Z\",\"stream\":\"stdout\",\"text\":\"abc\\\"}"
                .getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StoredLine().read(torn, 0, torn.length))
                .isInstanceOf(java.io.IOException.class);
    }
}
