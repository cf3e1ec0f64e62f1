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

    /**
     * Reads a {@code lines} event's data (its {@code data:} fields joined by newlines, as SSE delivers them). The header
     * and any line in a shape this reader does not take directly (escapes in its text, elements a newer agent added)
     * go through Jackson; a plain {@code [ms,"stream","text"]} line is cut out of the string directly, since this runs
     * for every line the client receives (decision record 62).
     */
    public static List<Line> read(String data) {
        int nl = data.indexOf('\n');
        int headerEnd = nl < 0 ? data.length() : nl;
        long seq = -1;
        Instant ts = null;
        try (JsonParser p = JSON.createParser(data.substring(0, headerEnd))) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("a lines event starts with its header");
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
        } catch (IOException e) {
            throw new IllegalArgumentException("a lines event starts with its header", e);
        }
        if (seq < 1 || ts == null) throw new IllegalArgumentException("a lines header needs seq >= 1 and ts");
        List<Line> out = new ArrayList<>();
        long[] ms = {ts.toEpochMilli()};
        int at = headerEnd + 1;
        while (at < data.length()) {
            int end = data.indexOf('\n', at);
            if (end < 0) end = data.length();
            if (end > at && !plainLine(data, at, end, seq, ms, out)) slowLines(data.substring(at, end), seq, ms, out);
            at = end + 1;
        }
        return out;
    }

    /** Reads {@code [ms,"stream","text"]} with no escape in it from {@code s[from, to)}; false for any other shape. */
    private static boolean plainLine(String s, int from, int to, long seq, long[] ms, List<Line> out) {
        if (s.charAt(from) != '[') return false;
        int i = from + 1;
        boolean negative = i < to && s.charAt(i) == '-';
        if (negative) i++;
        long delta = 0;
        int digits = 0;
        char c;
        while (i < to && (c = s.charAt(i)) >= '0' && c <= '9' && digits < 18) {
            delta = delta * 10 + (c - '0');
            i++;
            digits++;
        }
        if (digits == 0 || i + 1 >= to || s.charAt(i) != ',' || s.charAt(i + 1) != '"') return false;
        int nameStart = i + 2;
        int nameEnd = s.indexOf('"', nameStart);
        if (nameEnd < 0 || nameEnd + 2 >= to || s.charAt(nameEnd + 1) != ',' || s.charAt(nameEnd + 2) != '"') return false;
        int textStart = nameEnd + 3;
        int textEnd = to - 2; // the line ends with its text's closing quote and the bracket
        if (textEnd < textStart || s.charAt(textEnd) != '"' || s.charAt(to - 1) != ']') return false;
        for (int k = textStart; k < textEnd; k++) {
            char t = s.charAt(k);
            if (t == '\\' || t == '"') return false; // an escape, or more elements after the text: Jackson reads it
        }
        LineStream stream = LineStream.STDOUT; // also for a name this reader does not know
        for (LineStream known : LineStream.values()) {
            String w = known.wireName();
            if (w.length() == nameEnd - nameStart && s.startsWith(w, nameStart)) stream = known;
        }
        ms[0] += negative ? -delta : delta;
        out.add(new Line(seq + out.size(), Instant.ofEpochMilli(ms[0]), stream, s.substring(textStart, textEnd)));
        return true;
    }

    /** Lines in any JSON shape a line may take ({@code [ms, stream, text, ...more]}), through Jackson. */
    private static void slowLines(String piece, long seq, long[] ms, List<Line> out) {
        try (JsonParser p = JSON.createParser(piece)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new IllegalArgumentException("a line is [ms, stream, text]");
                }
                ms[0] += p.getLongValue();
                LineStream stream = p.nextToken() == JsonToken.VALUE_STRING ? LineStream.fromWire(p.getText()) : null;
                if (stream == null || p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("a line is [ms, stream, text]");
                }
                String text = p.getText();
                while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // elements a newer agent added
                out.add(new Line(seq + out.size(), Instant.ofEpochMilli(ms[0]), stream, text));
            }
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
