package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 1: with the agent's default settings, every line the disk holds is served, to a live reader that fell
 * far behind the lines held in memory, to a replay of the finished job, and to a replay after a restart.
 */
class EveryLineServedTest {
    /** Twenty times the lines memory holds by default, 100 bytes each: far outside the memory window. */
    private static final int LINES = 200_000;
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    /** What one raw reader got: the seq of every line, in order, the gaps' events, and how it ended. */
    private record Read(List<Long> seqs, List<String> texts, List<String> gaps, String end) {
    }

    @Test
    void aSlowLiveReaderAReplayAndAReplayAfterARestartGetEveryLine() throws Exception {
        AgentConfig cfg = ScriptedAgent.testConfig(ScriptedAgent.tempState()).build(); // the defaults a user gets
        String id;
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            TestRuntime rt = fx.catalog.add("big", "web");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "seq", "-f", "%0100.0f", "1", String.valueOf(LINES));
            id = fx.http.startJob("/api/v1/deployments/big/jobs", "rebuild");
            String path = "/api/v1/jobs/" + id + "/log";
            try (Socket live = open(fx, path)) {
                // Reads nothing until the job has ended: the agent's writer blocks on a full socket buffer a few MB in,
                // and the job's newest lines in memory are long past the reader's place when it starts reading.
                await().atMost(Duration.ofSeconds(120)).until(() -> fx.http.get("/api/v1/jobs/" + id).body()
                        .path("job").path("status").asText().equals("succeeded"));
                assertEveryLine(readAll(live));
            }
            try (Socket replay = open(fx, path)) {
                assertEveryLine(readAll(replay));
            }
            JsonNode job = fx.http.get("/api/v1/jobs/" + id).body().path("job");
            assertThat(job.path("lines").asLong()).isEqualTo(LINES + 2);
            assertThat(job.path("droppedLines").asLong()).isZero();
        }
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            try (Socket replay = open(fx, "/api/v1/jobs/" + id + "/log")) {
                assertEveryLine(readAll(replay));
            }
            assertThat(fx.http.get("/api/v1/jobs/" + id).body().path("job").path("droppedLines").asLong()).isZero();
        }
    }

    private static void assertEveryLine(Read r) {
        assertThat(r.gaps()).isEmpty();
        assertThat(r.end()).isEqualTo("end");
        assertThat(r.seqs()).hasSize(LINES + 2); // the job's first system line, the output, "succeeded"
        for (int i = 0; i < r.seqs().size(); i++) {
            if (r.seqs().get(i) != i + 1) throw new AssertionError("line " + (i + 1) + " arrived as seq " + r.seqs().get(i));
        }
        assertThat(r.texts().get(0)).isEqualTo("rebuild big");
        for (int n = 1; n <= LINES; n++) {
            String t = r.texts().get(n);
            if (t.length() != 100 || Long.parseLong(t) != n) throw new AssertionError("line " + (n + 1) + " is " + t);
        }
        assertThat(r.texts().get(LINES + 1)).isEqualTo("succeeded");
    }

    /** HTTP/1.0 (no chunking): the body is the event stream until the agent closes it after {@code end}. */
    private static Socket open(ScriptedAgent fx, String path) throws IOException {
        Socket s = new Socket("127.0.0.1", fx.agent().port());
        String req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + fx.agent().port() + "\r\nAuthorization: Bearer "
                + fx.agent().token() + "\r\nAccept: text/event-stream\r\n\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static Read readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String status = r.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        String h;
        while ((h = r.readLine()) != null && !h.isEmpty()) {
            continue; // headers
        }
        List<Long> seqs = new ArrayList<>(LINES + 2);
        List<String> texts = new ArrayList<>(LINES + 2);
        List<String> gaps = new ArrayList<>();
        String type = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.append(data.length() > 0 ? "\n" : "").append(line.substring(6));
            } else if (line.isEmpty() && type != null) {
                switch (type) {
                    case "lines" -> {
                        for (Line l : LineBatch.read(data.toString())) {
                            seqs.add(l.seq());
                            texts.add(l.text());
                        }
                    }
                    case "gap" -> gaps.add(data.toString());
                    case "end" -> {
                        return new Read(seqs, texts, gaps, "end");
                    }
                    default -> {
                        // other events do not occur on a job's log
                    }
                }
                type = null;
                data.setLength(0);
            }
        }
        return new Read(seqs, texts, gaps, null);
    }
}
