package io.capstan.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of a JSON string (what goes between its quotes), written and read on the log paths, where every line's
 * text passes once per hop and a general JSON generator or parser per line was most of the agent's time (decision
 * record 62). Printable ASCII, by far the common case, is copied as bytes; anything else goes through Jackson, so the
 * escaping rules are Jackson's.
 */
public final class JsonText {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {
    }

    /** Appends {@code s} escaped as the body of a JSON string (no quotes). */
    public static void write(ByteArrayBuilder out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8); // a copy for a Latin-1 string: no per-character work
        if (plain(b, 0, b.length)) {
            out.write(b, 0, b.length);
        } else {
            out.write(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        }
    }

    /** True when {@code a[from, to)} is printable ASCII without a quote or backslash: the same bytes as JSON. */
    public static boolean plain(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = a[i];
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') return false; // bytes >= 0x80 are negative
        }
        return true;
    }

    /**
     * The text of the JSON string body in {@code a[from, to)} (UTF-8, escaped as {@link #write} or any JSON writer
     * does). Without a backslash it is the bytes themselves; otherwise Jackson unescapes it.
     */
    public static String read(byte[] a, int from, int to) throws IOException {
        boolean escaped = false;
        for (int i = from; i < to && !escaped; i++) escaped = a[i] == '\\';
        if (!escaped) return new String(a, from, to - from, StandardCharsets.UTF_8);
        byte[] quoted = new byte[to - from + 2];
        quoted[0] = '"';
        System.arraycopy(a, from, quoted, 1, to - from);
        quoted[quoted.length - 1] = '"';
        try (JsonParser p = JSON.createParser(quoted)) {
            if (p.nextToken() != JsonToken.VALUE_STRING) throw new IOException("not a JSON string body");
            return p.getText();
        }
    }
}
