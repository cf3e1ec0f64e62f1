package io.capstan.bench;

import io.capstan.cli.AgentMain;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 8: a standalone agent as the installed launcher starts it (the {@code java-options} of
 * {@code installer/linux/capstan-agent.properties}, every agent setting at its default) runs a job printing 1,000,000
 * lines of 100 bytes; its resident memory (VmRSS) is sampled while the job runs and after the finished job has been
 * replayed once. Baseline, same run: the same agent with the JVM's default heap (no options), as before the launchers
 * bounded it. Decision record 37.
 */
final class AgentMemoryScenario implements Scenario {
    static final Path LAUNCHER_OPTIONS = Path.of("installer", "linux", "capstan-agent.properties");

    @Override
    public String id() {
        return "8";
    }

    @Override
    public String title() {
        return "agent resident memory through a 1,000,000-line job, launcher's JVM options; baseline JVM defaults";
    }

    /** Peak resident bytes while the job ran, and after it was replayed. */
    private record Memory(long peak, long after, long lines) {
    }

    /** The JVM options the installed agent launcher passes (without -D properties). */
    static List<String> launcherOptions() throws IOException {
        for (String line : Files.readAllLines(LAUNCHER_OPTIONS, StandardCharsets.UTF_8)) {
            if (line.startsWith("java-options=")) {
                List<String> out = new ArrayList<>();
                for (String o : line.substring("java-options=".length()).trim().split("\\s+")) {
                    if (o.startsWith("-X")) out.add(o);
                }
                return out;
            }
        }
        throw new IllegalStateException("no java-options in " + LAUNCHER_OPTIONS);
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        long lines = ctx.size().pick(2_000, 200_000, 1_000_000);
        List<String> options = launcherOptions();
        ctx.say("  agent with %s", String.join(" ", options));
        Memory ours = measure(ctx, options, lines);
        ctx.say("  agent with the JVM's defaults");
        Memory base = measure(ctx, List.of(), lines);
        String n = String.format(Locale.ROOT, "%,d lines of %d bytes, every agent setting at its default; ours: %s; "
                + "baseline: no JVM options", lines, LogThroughputScenario.BYTES, String.join(" ", options));
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of(id(), "agent resident memory, peak while the job runs", ours.peak() / 1e6, base.peak() / 1e6, "MB",
                Target.atMost(300)).withNote(n + "; VmRSS sampled every 100 ms"));
        rows.add(Row.of(id(), "agent resident memory after the job and one replay", ours.after() / 1e6, base.after() / 1e6,
                "MB", Target.atMost(300)).withNote("the finished job read back once by a raw reader ("
                + String.format(Locale.ROOT, "%,d", ours.lines()) + " SSE lines)"));
        return rows;
    }

    private Memory measure(BenchContext ctx, List<String> jvmOptions, long lines) throws Exception {
        Path root = ctx.newDir("memory-root");
        Path logs = LogThroughputScenario.logsFolder(ctx, lines, 0);
        Files.move(logs, root.resolve("logs"));
        Path state = ctx.newDir("memory-state");
        List<String> cmd = new ArrayList<>(List.of(BenchContext.java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", BenchContext.classPath(), AgentMain.class.getName(),
                "--root", root.toString(), "--state-dir", state.toString(), "--port", "0"));
        Path out = state.resolveSibling(state.getFileName() + ".out");
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String[] found = new String[1];
            Waits.untilOrFail(() -> (found[0] = listening(out)) != null || !agent.isAlive(), Duration.ofSeconds(60),
                    "the agent to listen");
            if (found[0] == null) throw new IllegalStateException("the agent exited with " + agent.waitFor() + " (see " + out + ")");
            String base = found[0];
            String token = Files.readString(state.resolve("agent.token")).trim();
            try (AgentClient client = new AgentClient(new AgentEndpoint("memory", base, token))) {
                Job job = client.startServiceJob("logs", "printer", Action.REBUILD);
                long peak = 0;
                while (true) {
                    peak = Math.max(peak, rss(agent.pid()));
                    Job now = client.job(job.id());
                    if (now.status().isTerminal()) break;
                    Thread.sleep(100); // a sampling period, not a wait for a result
                }
                long read = replay(base, token, job.id());
                long after = Math.max(rss(agent.pid()), 0);
                return new Memory(Math.max(peak, after), after, read);
            }
        } finally {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
        }
    }

    private static String listening(Path out) {
        try {
            if (!Files.exists(out)) return null;
            for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                int at = l.indexOf("listening on ");
                if (at >= 0) return l.substring(at + "listening on ".length()).trim().split("\\s+")[0];
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the whole job log stream, as a raw reader would; returns the SSE lines read. */
    private static long replay(String base, String token, String job) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + job + "/log"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (InputStream in = res.body()) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                for (int i = 0; i < k; i++) {
                    if (buf[i] == '\n') n++;
                }
            }
        }
        return n;
    }

    static long rss(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }
}
