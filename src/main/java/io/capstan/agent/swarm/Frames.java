package io.capstan.agent.swarm;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Engine API's multiplexed log stream: frames of an 8-byte header (stream type, three zero bytes, payload
 * length big-endian) and a payload of one or more lines. A line split across frames is joined before it is passed on.
 */
final class Frames {
    /** Longer lines are cut, as the agent cuts every line (docs/protocol.md, "Lines"). */
    static final int MAX_LINE = 64 * 1024;

    @FunctionalInterface
    interface Lines {
        void line(LineStream stream, String text);
    }

    private Frames() {
    }

    /** Reads until the stream ends; returns normally at its end. */
    static void read(InputStream body, Lines out) throws IOException {
        DataInputStream in = new DataInputStream(body);
        byte[] header = new byte[8];
        ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        long[] dropped = new long[2];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException end) {
                return;
            }
            LineStream stream = header[0] == 2 ? LineStream.STDERR : LineStream.STDOUT;
            int which = header[0] == 2 ? 1 : 0;
            ByteArrayOutputStream buf = partial[which];
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) return;
            for (byte b : payload) {
                if (b == '\n') {
                    String text = buf.toString(StandardCharsets.UTF_8);
                    out.line(stream, dropped[which] == 0 ? text : text + LineSink.truncationMarker(dropped[which]));
                    buf.reset();
                    dropped[which] = 0;
                } else if (buf.size() < MAX_LINE) {
                    buf.write(b);
                } else {
                    dropped[which]++;
                }
            }
        }
    }
}
