package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code lines} event's data, written and read (decision record 60), and the hand-made timestamps under it. */
class LineBatchTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    /** The data as an SSE reader delivers it: each field's value, joined by newlines. */
    private static String data(List<Line> lines) {
        ByteArrayBuilder b = new ByteArrayBuilder();
        LineBatch.writeData(lines, b);
        String raw = new String(b.toByteArray(), StandardCharsets.UTF_8);
        assertThat(raw).endsWith("\n");
        StringBuilder out = new StringBuilder();
        for (String field : raw.substring(0, raw.length() - 1).split("\n", -1)) {
            assertThat(field).startsWith("data: ");
            out.append(out.length() > 0 ? "\n" : "").append(field.substring(6));
        }
        return out.toString();
    }

    @Test
    void roundTripsTextStreamsAndTimesIncludingOnesThatGoBack() {
        List<Line> lines = List.of(
                new Line(41, T0, LineStream.SYSTEM, "start shop"),
                new Line(42, T0.plusMillis(5), LineStream.STDOUT, "plain"),
                new Line(43, T0.plusMillis(2), LineStream.STDERR, "clock went back \"quoted\" \\ back\tslash"),
                new Line(44, T0.plusSeconds(86_400 * 400), LineStream.STDOUT, "line\r\nbreaks, \u0000 nul, \u00e9\u20ac \uD83D\uDE80"),
                new Line(45, T0, LineStream.STDOUT, ""),
                new Line(46, T0, LineStream.STDOUT, "not escaped, read directly: \u00fcn\u00efc\u00f8d\u00e9 \u20ac \uD83D\uDE80 ]\","),
                new Line(47, T0.minusMillis(3), LineStream.STDERR, "]"));
        assertThat(LineBatch.read(data(lines))).isEqualTo(lines);
    }

    @Test
    void theReaderCutsEachFieldStraightFromTheBufferItSitsIn() {
        // As the client's SSE reader hands them over: each field a range of a larger buffer, with other bytes around it.
        List<Line> lines = List.of(
                new Line(7, T0, LineStream.STDOUT, "plain"),
                new Line(8, T0, LineStream.STDERR, "same time, \u00e9\u20ac \uD83D\uDE80 not escaped"),
                new Line(9, T0.plusMillis(1), LineStream.SYSTEM, "escaped \"quote\" and \\ and \t"),
                new Line(10, T0.minusMillis(2), LineStream.STDOUT, ""));
        LineBatch.Reader reader = new LineBatch.Reader();
        for (String field : data(lines).split("\n", -1)) {
            byte[] text = field.getBytes(StandardCharsets.UTF_8);
            byte[] buf = new byte[text.length + 7];
            java.util.Arrays.fill(buf, (byte) '"');
            System.arraycopy(text, 0, buf, 3, text.length);
            reader.field(buf, 3, 3 + text.length);
        }
        List<Line> read = reader.lines();
        assertThat(read).isEqualTo(lines);
        assertThat(read.get(1).ts()).as("a line of the same time shares its Instant").isSameAs(read.get(0).ts());
        assertThatThrownBy(() -> new LineBatch.Reader().lines()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFieldIsOneLineWhateverTheText() {
        ByteArrayBuilder b = new ByteArrayBuilder();
        LineBatch.writeData(List.of(new Line(1, T0, LineStream.STDOUT, "a\nb\rc\u2028d")), b);
        String raw = new String(b.toByteArray(), StandardCharsets.UTF_8);
        assertThat(raw.split("\n")).hasSize(2).allMatch(f -> f.startsWith("data: ") && f.indexOf('\r') < 0);
    }

    @Test
    void aHundredByteLineCostsAtMostFortyBytesOnTheWire() {
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) lines.add(new Line(999_000 + i, T0.plusMillis(i / 3), LineStream.STDOUT, "y".repeat(100)));
        ByteArrayBuilder b = new ByteArrayBuilder();
        LineBatch.writeData(lines, b);
        int framing = "event: lines\nid: 1000000\n".length() + 1;
        double perLine = (b.size() + framing - 100.0 * lines.size()) / lines.size();
        assertThat(perLine).isLessThanOrEqualTo(40.0);
    }

    @Test
    void readsWhatANewerAgentMayAddAndRefusesWhatIsNotABatch() {
        String data = "{\"seq\":7,\"ts\":\"2026-11-23T10:15:30.123Z\",\"more\":{\"x\":[1]}}\n"
                + "[0,\"stdout\",\"a\",{\"color\":1},[2]]\n[1,\"audit\",\"b\"]";
        assertThat(LineBatch.read(data)).containsExactly(
                new Line(7, T0, LineStream.STDOUT, "a"), new Line(8, T0.plusMillis(1), LineStream.STDOUT, "b"));
        assertThatThrownBy(() -> LineBatch.read("[0,\"stdout\",\"a\"]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineBatch.read("{\"seq\":0,\"ts\":\"2026-11-23T10:15:30.123Z\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineBatch.read("{\"seq\":1,\"ts\":\"2026-11-23T10:15:30.123Z\"}\n[\"x\"]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsAreFormattedAndReadByHandLikeTheIsoFormatter() {
        for (Instant t : List.of(Instant.EPOCH, T0, Instant.parse("1999-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T00:00:00Z"), Instant.parse("1969-07-20T20:17:40.5Z"))) {
            String s = Timestamps.format(t);
            assertThat(s).hasSize(24).isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(t));
            assertThat(Timestamps.parse(s)).isEqualTo(Timestamps.millis(t));
        }
        assertThat(Timestamps.parse("2026-11-23T10:15:30Z")).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T10:15:30.123Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-11-23T25:15:30.123Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
