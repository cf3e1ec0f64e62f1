package io.capstan.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** {@link LineStream#values()} once: it copies its array on every call, and this is read for every line. */
    private static final LineStream[] LINE_STREAMS = LineStream.values();
    private static final byte[][] WIRE_NAMES = new byte[LINE_STREAMS.length][];

    static {
        for (LineStream s : LineStream.values()) {
            STREAMS[s.ordinal()] = (",\"" + s.wireName() + "\",\"").getBytes(StandardCharsets.US_ASCII);
            WIRE_NAMES[s.ordinal()] = s.wireName().getBytes(StandardCharsets.US_ASCII);
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

    /** Reads a {@code lines} event's data given as text; see {@link #read(byte[])}. */
    public static List<Line> read(String data) {
        return read(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a {@code lines} event's data: its {@code data:} fields joined by newlines, as SSE delivers them, in UTF-8.
     * See {@link Reader}, which takes the fields one by one.
     */
    public static List<Line> read(byte[] data) {
        Reader reader = new Reader();
        int at = 0;
        while (true) {
            int end = indexOf(data, (byte) '\n', at, data.length);
            reader.field(data, at, end < 0 ? data.length : end);
            if (end < 0) return reader.lines();
            at = end + 1;
        }
    }

    private static int indexOf(byte[] d, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] == b) return i;
        }
        return -1;
    }

    /**
     * Reads one {@code lines} event a {@code data:} field at a time, straight from the bytes they arrive in (decision
     * record 97): the first field is the header, each further one a line. This runs for every line the client receives,
     * so a plain {@code [ms,"stream","text"]} line is cut directly, its text decoded once into its {@code String}; the
     * header, and a line in a shape not taken directly (escapes in its text, elements a newer agent added), go through
     * Jackson. A field that is not a header or a line throws {@link IllegalArgumentException}. One reader per event.
     */
    public static final class Reader {
        private final List<Line> out = new ArrayList<>();
        private long seq = -1;
        private long ms;
        /** The previous line's time: lines of one read share it, so most lines reuse its {@code Instant}. */
        private Instant ts;

        /** One {@code data:} field's value, {@code d[from, to)} in UTF-8; the bytes are not kept. */
        public void field(byte[] d, int from, int to) {
            if (seq < 0) {
                header(d, from, to);
            } else if (to > from && !plainLine(d, from, to)) {
                slowLines(d, from, to);
            }
        }

        /** The lines read; the header must have come. */
        public List<Line> lines() {
            if (seq < 0) throw new IllegalArgumentException("a lines event starts with its header");
            return out;
        }

        private void header(byte[] d, int from, int to) {
            long first = -1;
            Instant at = null;
            try (JsonParser p = JSON.createParser(d, from, to - from)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("a lines event starts with its header");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                        first = p.getLongValue();
                    } else if ("ts".equals(name) && value == JsonToken.VALUE_STRING) {
                        at = Timestamps.parse(p.getText());
                    } else {
                        p.skipChildren(); // a field a newer agent added
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("a lines event starts with its header", e);
            }
            if (first < 1 || at == null) throw new IllegalArgumentException("a lines header needs seq >= 1 and ts");
            seq = first;
            ts = at;
            ms = at.toEpochMilli();
        }

        /** Reads {@code [ms,"stream","text"]} with no escape in it from {@code d[from, to)}; false for any other shape. */
        private boolean plainLine(byte[] d, int from, int to) {
            if (d[from] != '[') return false;
            int i = from + 1;
            boolean negative = i < to && d[i] == '-';
            if (negative) i++;
            long delta = 0;
            int digits = 0;
            byte c;
            while (i < to && (c = d[i]) >= '0' && c <= '9' && digits < 18) {
                delta = delta * 10 + (c - '0');
                i++;
                digits++;
            }
            if (digits == 0 || i + 1 >= to || d[i] != ',' || d[i + 1] != '"') return false;
            int nameStart = i + 2;
            int nameEnd = indexOf(d, (byte) '"', nameStart, to);
            if (nameEnd < 0 || nameEnd + 2 >= to || d[nameEnd + 1] != ',' || d[nameEnd + 2] != '"') return false;
            int textStart = nameEnd + 3;
            int textEnd = to - 2; // the line ends with its text's closing quote and the bracket
            if (textEnd < textStart || d[textEnd] != '"' || d[to - 1] != ']') return false;
            for (int k = textStart; k < textEnd; k++) {
                byte t = d[k];
                if (t == '\\' || t == '"') return false; // an escape, or more elements after the text: Jackson reads it
            }
            if (delta != 0) {
                ms += negative ? -delta : delta;
                ts = Instant.ofEpochMilli(ms);
            }
            String text = new String(d, textStart, textEnd - textStart, StandardCharsets.UTF_8);
            out.add(new Line(seq + out.size(), ts, stream(d, nameStart, nameEnd), text));
            return true;
        }

        /** The stream named by {@code d[from, to)}; {@code stdout} also for a name this reader does not know. */
        private static LineStream stream(byte[] d, int from, int to) {
            for (int s = 0; s < WIRE_NAMES.length; s++) {
                byte[] w = WIRE_NAMES[s];
                if (w.length == to - from && Arrays.equals(d, from, to, w, 0, w.length)) return LINE_STREAMS[s];
            }
            return LineStream.STDOUT;
        }

        /** Lines in any JSON shape a line may take ({@code [ms, stream, text, ...more]}), through Jackson. */
        private void slowLines(byte[] d, int from, int to) {
            try (JsonParser p = JSON.createParser(d, from, to - from)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                        throw new IllegalArgumentException("a line is [ms, stream, text]");
                    }
                    long delta = p.getLongValue();
                    LineStream stream = p.nextToken() == JsonToken.VALUE_STRING ? LineStream.fromWire(p.getText()) : null;
                    if (stream == null || p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("a line is [ms, stream, text]");
                    }
                    String text = p.getText();
                    while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // elements a newer agent added
                    if (delta != 0) {
                        ms += delta;
                        ts = Instant.ofEpochMilli(ms);
                    }
                    out.add(new Line(seq + out.size(), ts, stream, text));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("a line is [ms, stream, text]: " + e.getMessage(), e);
            }
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
