package io.capstan.agent.jobs;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.JsonText;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import io.capstan.protocol.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One line of a job's segment file: {@code {"seq":N,"ts":"<ts>","stream":"<stream>","text":"<text>"}}, exactly what
 * the protocol's {@link Line} is as JSON, written and read without a general JSON mapper (decision record 62): the
 * text is copied as bytes when it is plain ASCII, and lines of one batch share their timestamp, so it is formatted and
 * parsed once per run of equal stamps. A line in any other shape (written by an older agent, or damaged) is read by
 * Jackson, as before.
 *
 * <p>Not thread-safe: each writer and each read has its own, for the cached timestamp.
 */
final class StoredLine {
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":\"");
    private static final byte[][] STREAM = new byte[LineStream.values().length][];
    private static final byte[] END = ascii("\"}");

    static {
        for (LineStream s : LineStream.values()) STREAM[s.ordinal()] = ascii("\",\"stream\":\"" + s.wireName() + "\",\"text\":\"");
    }

    private final ObjectMapper json = ProtocolJson.mapper();
    private Instant lastTs;
    private byte[] lastTsBytes = new byte[0];

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@code line} and its newline. */
    void write(Line line, ByteArrayBuilder out) {
        out.write(SEQ);
        writeLong(out, line.seq());
        out.write(TS);
        if (!line.ts().equals(lastTs)) {
            lastTs = line.ts();
            lastTsBytes = ascii(Timestamps.format(line.ts()));
        }
        out.write(lastTsBytes);
        out.write(STREAM[line.stream().ordinal()]);
        JsonText.write(out, line.text());
        out.write(END);
        out.append('\n');
    }

    private static void writeLong(ByteArrayBuilder out, long v) {
        if (v < 0) {
            out.write(ascii(Long.toString(v)));
            return;
        }
        byte[] digits = new byte[20];
        int i = digits.length;
        long n = v;
        do {
            digits[--i] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        out.write(digits, i, digits.length - i);
    }

    /** The line in {@code a[from, to)} (no newline): our shape read directly, anything else by Jackson. */
    Line read(byte[] a, int from, int to) throws IOException {
        Line fast = readOurs(a, from, to);
        return fast != null ? fast : json.readValue(a, from, to - from, Line.class);
    }

    private Line readOurs(byte[] a, int from, int to) {
        int i = expect(a, from, to, SEQ);
        if (i < 0) return null;
        long seq = 0;
        int digits = 0;
        while (i < to && a[i] >= '0' && a[i] <= '9' && digits < 18) {
            seq = seq * 10 + (a[i++] - '0');
            digits++;
        }
        if (digits == 0) return null;
        i = expect(a, i, to, TS);
        if (i < 0) return null;
        int tsEnd = i;
        while (tsEnd < to && a[tsEnd] != '"') tsEnd++;
        if (tsEnd >= to) return null;
        Instant ts = timestamp(a, i, tsEnd);
        if (ts == null) return null;
        for (LineStream s : LineStream.values()) {
            int t = expect(a, tsEnd, to, STREAM[s.ordinal()]);
            if (t < 0) continue;
            if (to - t < END.length || a[to - 2] != '"' || a[to - 1] != '}') return null;
            try {
                return new Line(seq, ts, s, JsonText.read(a, t, to - END.length));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private Instant timestamp(byte[] a, int from, int to) {
        if (lastTs != null && Arrays.equals(a, from, to, lastTsBytes, 0, lastTsBytes.length)) return lastTs;
        try {
            Instant ts = Timestamps.parse(new String(a, from, to - from, StandardCharsets.US_ASCII));
            lastTs = ts;
            lastTsBytes = Arrays.copyOfRange(a, from, to);
            return ts;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The index after {@code token} if {@code a[at..]} starts with it, else -1. */
    private static int expect(byte[] a, int at, int to, byte[] token) {
        if (to - at < token.length) return -1;
        for (int k = 0; k < token.length; k++) {
            if (a[at + k] != token[k]) return -1;
        }
        return at + token.length;
    }
}
