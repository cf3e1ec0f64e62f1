package io.capstan.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of one {@code lines} event: consecutive lines in one event, each serialised once into the stream's
 * buffer (docs/protocol.md, "Line batches"; decision record 60). The first {@code data:} field is a header
 * {@code {"seq":<first seq>,"ts":"<first line's time>"}}; each line follows in a {@code data:} field of its own as
 * {@code [<ms since the previous line>,"<stream>","<text>"]}, so a line costs its text plus about 20 bytes, where a
 * {@code line} event with a full {@link Line} cost about 100. Numbers rise by one inside a batch: a gap is its own
 * event between batches. Readers ignore array elements after the third, so a line can grow.
 */
public final class LineBatch {
    private static final JsonFactory JSON = ProtocolJson.mapper().getFactory();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] STREAMS = new byte[LineStream.values().length][];

    static {
        for (LineStream s : LineStream.values()) {
            STREAMS[s.ordinal()] = (",\"" + s.wireName() + "\",\"").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private LineBatch() {
    }

    /**
     * Appends {@code lines} (consecutive seqs, at least one) as the {@code data:} fields of one event, each ended by
     * a newline; the caller writes the event's name and id before and the blank line after.
     */
    public static void writeData(List<Line> lines, ByteArrayBuilder out) {
        Line first = lines.get(0);
        out.write(DATA);
        ascii(out, "{\"seq\":" + first.seq() + ",\"ts\":\"" + Timestamps.format(first.ts()) + "\"}\n");
        long previous = first.ts().toEpochMilli();
        for (Line l : lines) {
            long ms = l.ts().toEpochMilli();
            out.write(DATA);
            out.append('[');
            ascii(out, Long.toString(ms - previous));
            out.write(STREAMS[l.stream().ordinal()]);
            text(out, l.text());
            out.append('"');
            out.append(']');
            out.append('\n');
            previous = ms;
        }
    }

    /** Reads a {@code lines} event's data (its {@code data:} fields joined by newlines, as SSE delivers them). */
    public static List<Line> read(String data) {
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("a lines event starts with its header");
            long seq = -1;
            Instant ts = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    seq = p.getLongValue();
                } else if ("ts".equals(name) && value == JsonToken.VALUE_STRING) {
                    ts = Timestamps.parse(p.getText());
                } else {
                    p.skipChildren(); // a field a newer agent added
                }
            }
            if (seq < 1 || ts == null) throw new IllegalArgumentException("a lines header needs seq >= 1 and ts");
            List<Line> out = new ArrayList<>();
            long ms = ts.toEpochMilli();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new IllegalArgumentException("a line is [ms, stream, text]");
                }
                ms += p.getLongValue();
                LineStream stream = p.nextToken() == JsonToken.VALUE_STRING ? LineStream.fromWire(p.getText()) : null;
                if (stream == null || p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("a line is [ms, stream, text]");
                }
                String text = p.getText();
                while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // elements a newer agent added
                out.add(new Line(seq + out.size(), Instant.ofEpochMilli(ms), stream, text));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ascii(ByteArrayBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) out.append(s.charAt(i));
    }

    /** JSON string content, without its quotes. */
    private static void text(ByteArrayBuilder out, String s) {
        JsonText.write(out, s);
    }
}
