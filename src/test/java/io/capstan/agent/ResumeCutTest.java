package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Row 17: the connection is cut at random byte offsets; resuming by Last-Event-ID loses and doubles nothing. */
class ResumeCutTest {

    @Test
    void cutsAtRandomOffsetsLoseAndDoubleNothing() throws Exception {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("cut", "web");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "seq", "1", "20000");
            String id = fx.http.startJob("/api/v1/deployments/cut/jobs", "start");
            Random rnd = new Random(17);
            List<Long> seqs = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            long last = 0;
            JsonNode end = null;
            int connections = 0;
            while (end == null) {
                connections++;
                byte[] body = readCut(fx, "/api/v1/jobs/" + id + "/log", last, 1 + rnd.nextInt(48 * 1024));
                // Only complete events count: everything after the last blank line is a cut event.
                int complete = lastIndexOf(body, new byte[] {'\n', '\n'});
                if (complete < 0) continue;
                String text = new String(body, 0, complete + 2, StandardCharsets.UTF_8);
                for (String block : text.split("\n\n")) {
                    String type = null;
                    StringBuilder data = new StringBuilder();
                    for (String line : block.split("\n")) {
                        if (line.startsWith("event: ")) type = line.substring(7);
                        if (line.startsWith("data: ")) data.append(data.length() > 0 ? "\n" : "").append(line.substring(6));
                    }
                    if (type == null) continue;
                    if (type.equals("lines")) {
                        // A batch cut anywhere is not complete and was left out above; a whole one moves the cursor.
                        for (Line l : LineBatch.read(data.toString())) {
                            seqs.add(l.seq());
                            texts.add(l.text());
                            last = l.seq();
                        }
                    } else if (type.equals("end")) {
                        end = ProtocolJson.mapper().readTree(data.toString());
                    }
                }
            }
            long total = end.path("lines").asLong();
            assertThat(connections).isGreaterThan(20);
            assertThat(seqs).hasSize((int) total);
            for (int i = 0; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(i + 1L);
            for (int i = 1; i <= 20000; i++) assertThat(texts.get(i)).isEqualTo(String.valueOf(i));
        }
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (hay[i] == needle[0] && hay[i + 1] == needle[1]) return i;
        }
        return -1;
    }

    /** HTTP/1.0 (no chunking): reads the headers, then at most {@code cutAt} body bytes, then drops the socket. */
    private static byte[] readCut(ScriptedAgent fx, String path, long after, int cutAt) throws IOException {
        try (Socket s = new Socket("127.0.0.1", fx.agent().port())) {
            String req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + fx.agent().port() + "\r\nAuthorization: Bearer "
                    + fx.agent().token() + "\r\nAccept: text/event-stream\r\nLast-Event-ID: " + after + "\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("closed in headers");
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (body.size() < cutAt) {
                int n = in.read(buf, 0, Math.min(buf.length, cutAt - body.size()));
                if (n < 0) break;
                body.write(buf, 0, n);
            }
            return body.toByteArray();
        }
    }
}
