package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A job's output on disk stays within --job-output-limit; what it holds is served, before and after a restart, and the
 * gap is exactly what the bound dropped.
 */
class JobOutputLimitTest {
    private static final int LINES = 40_000; // about 3 MiB of stored lines
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private static long bytesOfJobOutput(Path jobs, String id) throws IOException {
        try (Stream<Path> files = Files.list(jobs)) {
            long n = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(id + ".log")).toList()) n += Files.size(f);
            return n;
        }
    }

    /** The seqs the job's files hold, read as plain JSON lines. */
    private static TreeSet<Long> seqsOnDisk(Path jobs, String id) throws IOException {
        TreeSet<Long> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(jobs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(id + ".log")).toList()) {
                for (String l : Files.readAllLines(f)) out.add(JSON.readTree(l).path("seq").asLong());
            }
        }
        return out;
    }

    /** A replay's lines are exactly the lines on disk, and its gaps exactly the numbers the bound dropped. */
    private static void assertServesExactlyTheDisk(Client client, String id, TreeSet<Long> onDisk, long last) {
        try (Client.Stream log = client.stream("/api/v1/jobs/" + id + "/log")) {
            List<Client.Event> events = log.rest();
            List<Long> served = new ArrayList<>();
            TreeSet<Long> inGaps = new TreeSet<>();
            for (Client.Event e : events) {
                if (e.type().equals("line")) served.add(e.json().path("seq").asLong());
                if (e.type().equals("gap")) {
                    for (long n = e.json().path("from").asLong(); n <= e.json().path("to").asLong(); n++) inGaps.add(n);
                }
            }
            assertThat(served).isEqualTo(new ArrayList<>(onDisk));
            TreeSet<Long> dropped = new TreeSet<>();
            for (long n = 1; n <= last; n++) {
                if (!onDisk.contains(n)) dropped.add(n);
            }
            assertThat(inGaps).isEqualTo(dropped);
            assertThat(events.get(events.size() - 1).json().path("droppedLines").asLong()).isEqualTo(dropped.size());
        }
    }

    @Test
    void outputOverTheLimitKeepsHeadAndTailAcrossARestart() throws IOException {
        long limit = 1 << 20;
        AgentConfig cfg = ScriptedAgent.testConfig(ScriptedAgent.tempState()).jobOutputLimit(limit).build();
        String id;
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            TestRuntime rt = fx.catalog.add("noisy", "web");
            rt.behaviour = (a, s, out) -> TestRuntime.run(out, "seq", "1", String.valueOf(LINES));
            id = fx.http.startJob("/api/v1/deployments/noisy/jobs", "rebuild");
            await().until(() -> fx.http.get("/api/v1/jobs/" + id).body().path("job").path("status").asText()
                    .equals("succeeded"));
            assertThat(bytesOfJobOutput(cfg.stateDir().resolve("jobs"), id)).isLessThanOrEqualTo(limit);
            assertServesExactlyTheDisk(fx.http, id, seqsOnDisk(cfg.stateDir().resolve("jobs"), id), LINES + 2);
        }
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            JsonNode job = fx.http.get("/api/v1/jobs/" + id).body().path("job");
            assertThat(job.path("status").asText()).isEqualTo("succeeded");
            long last = job.path("lines").asLong();
            assertThat(last).isEqualTo(LINES + 2); // the first system line, the output, "succeeded"
            assertServesExactlyTheDisk(fx.http, id, seqsOnDisk(cfg.stateDir().resolve("jobs"), id), last);
            try (Client.Stream log = fx.http.stream("/api/v1/jobs/" + id + "/log")) {
                List<Client.Event> events = log.rest();
                List<Client.Event> gaps = events.stream().filter(e -> e.type().equals("gap")).toList();
                assertThat(gaps).hasSize(1);
                long from = gaps.get(0).json().path("from").asLong();
                long to = gaps.get(0).json().path("to").asLong();
                List<JsonNode> lines = events.stream().filter(e -> e.type().equals("line")).map(Client.Event::json).toList();
                // The head from line 1 without a hole, then the newest lines to the end.
                assertThat(lines.get(0).path("text").asText()).isEqualTo("rebuild noisy");
                assertThat(lines.get((int) from - 2).path("seq").asLong()).isEqualTo(from - 1);
                assertThat(lines.size()).isEqualTo((int) (last - (to - from + 1)));
                assertThat(lines.get(lines.size() - 2).path("text").asText()).isEqualTo(String.valueOf(LINES));
                assertThat(lines.get(lines.size() - 1).path("text").asText()).isEqualTo("succeeded");
                assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
            }
        }
    }
}
