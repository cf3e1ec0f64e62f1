package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.logs.JobLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Scenario 2: a job printing N lines of 100 bytes (1,000,000 in a full run) through the agent's real process backend;
 * how fast its output reaches a client. Live: from the job's start until the last line is in our client, against
 * {@code curl -N} following a second, identical job. Replay of the finished job (all lines retained): our
 * {@link JobLogStream} against the raw bytes of the same SSE stream read from a plain socket (the limit) and
 * against curl reading it; the client's replay row is measured in a JVM of its own started with the console's options
 * ({@link ReplayMain}, the plain socket alternated with it in that JVM), and once more in this JVM for comparison with
 * earlier runs.
 */
final class LogThroughputScenario implements Scenario {
    static final int BYTES = 100;
    static final int WARMUP_LINES = 50_000;

    private final List<Supplier<LogDestination>> destinations;

    LogThroughputScenario() {
        this(LogDestination.all());
    }

    /** With {@code destinations} fed from our client in the live run (the console's pane model: a row each). */
    LogThroughputScenario(List<Supplier<LogDestination>> destinations) {
        this.destinations = List.copyOf(destinations);
    }

    @Override
    public String id() {
        return "2";
    }

    @Override
    public String title() {
        return "log throughput: job of N x 100-byte lines -> client; baselines raw socket and curl";
    }

    /** Writes a process deployment {@code logs} whose rebuild prints {@code lines} lines (at {@code rate}/s, 0: flat out). */
    static Path logsFolder(BenchContext ctx, long lines, double rate) throws IOException {
        return logsFolder(ctx, lines, rate, 0);
    }

    /** As above, plus {@code extra} printers {@code printer0..} for concurrent jobs (one job per target at a time). */
    static Path logsFolder(BenchContext ctx, long lines, double rate, int extra) throws IOException {
        Path dir = ctx.newDir("logs-deployment");
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < extra; i++) {
            more.append("  printer").append(i).append(":\n")
                    .append("    command: [\"${java}\", \"-Xmx32m\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\"]\n")
                    .append("    build:\n")
                    .append("      - [\"${java}\", \"-Xmx32m\", \"-XX:TieredStopAtLevel=1\", \"-cp\", \"${classpath}\", \"")
                    .append(LinePrinter.class.getName()).append("\", \"--lines\", \"").append(lines)
                    .append("\", \"--bytes\", \"").append(BYTES).append("\", \"--rate\", \"").append(rate).append("\"]\n");
        }
        String yaml = String.join("\n",
                "services:",
                more.toString() + "  printer:",
                "    command: [\"${java}\", \"-Xmx32m\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", "
                        + "\"--name\", \"printer\", \"--rate\", \"1\"]",
                "    build:",
                "      - [\"${java}\", \"-Xmx64m\", \"-cp\", \"${classpath}\", \"" + LinePrinter.class.getName() + "\", "
                        + "\"--lines\", \"" + lines + "\", \"--bytes\", \"" + BYTES + "\", \"--rate\", \"" + rate + "\"]",
                "    stopTimeout: 2s",
                "  warmup:",
                "    command: [\"${java}\", \"-Xmx32m\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", "
                        + "\"--name\", \"warmup\", \"--rate\", \"1\"]",
                "    build:",
                "      - [\"${java}\", \"-Xmx64m\", \"-cp\", \"${classpath}\", \"" + LinePrinter.class.getName() + "\", "
                        + "\"--lines\", \"" + WARMUP_LINES + "\", \"--bytes\", \"" + BYTES + "\"]",
                "    stopTimeout: 2s",
                "");
        Files.writeString(dir.resolve("capstan.yaml"), yaml, StandardCharsets.UTF_8);
        return dir;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int lines = ctx.size().pick(2_000, 200_000, 1_000_000);
        String lastPrefix = LinePrinter.text(lines, BYTES).substring(0, 10);
        BenchAgent.Options opts = BenchAgent.Options.of(ctx.newDir("logs-state"))
                .logs(logsFolder(ctx, lines, 0)).jvm(AgentMemoryScenario.launcherOptions()); // what a user's agent runs with
        List<Row> rows = new ArrayList<>();
        try (BenchAgent agent = BenchAgent.start(opts); AgentClient client = new AgentClient(agent.endpoint())) {
            if (ctx.size() != Size.SMOKE) {
                // Not measured: lets the agent's JIT compile the output path, so the first measured job is not the cold one.
                ctx.say("  warm-up job of %,d lines", WARMUP_LINES);
                followLive(client, "warmup", LinePrinter.text(WARMUP_LINES, BYTES).substring(0, 10), List.of());
            }
            ctx.say("  job of %,d lines, followed live by our client", lines);
            List<LogDestination> sinks = new ArrayList<>();
            destinations.forEach(d -> sinks.add(d.get()));
            double agentCpu0 = CpuTime.of(agent.pid());
            double clientCpu0 = CpuTime.self();
            double clientSys0 = CpuTime.selfSystem();
            Map<String, Double> threads0 = ReplayMain.threadCpu();
            LiveRead ours = followLive(client, "printer", lastPrefix, sinks);
            Map<String, Double> liveThreads = ReplayMain.threadCpu();
            liveThreads.replaceAll((k, v) -> v - threads0.getOrDefault(k, 0.0));
            double agentCpuOursLive = CpuTime.of(agent.pid()) - agentCpu0;
            double clientCpuLive = CpuTime.self() - clientCpu0;
            double clientSysLive = CpuTime.selfSystem() - clientSys0;
            ctx.say("  job of %,d lines, followed live by curl", lines);
            double curlLive = curlLive(agent, client, lastPrefix);
            ctx.say("  job of %,d lines, followed live from its start by a raw socket", lines);
            long liveStart = System.nanoTime();
            double agentCpu1 = CpuTime.of(agent.pid());
            Job rawJob = client.startServiceJob(BenchCatalog.LOGS, "printer", Action.REBUILD);
            RawRead rawFromStart = rawRead(agent, rawJob.id(), () -> { });
            double rawLiveSeconds = (System.nanoTime() - liveStart) / 1e9;
            double agentCpuRawLive = CpuTime.of(agent.pid()) - agentCpu1;
            ctx.say("  job of %,d lines, followed live by a raw socket that reads nothing until the job ends", lines);
            Job slow = client.startServiceJob(BenchCatalog.LOGS, "printer", Action.REBUILD);
            RawRead rawLive = rawRead(agent, slow.id(), () -> Waits.untilOrFail(
                    () -> client.job(slow.id()).status().isTerminal(), Duration.ofMinutes(10), "the job's end"));
            ctx.say("  replays of the finished job");
            double clientCpu2 = CpuTime.self();
            double clientSys2 = CpuTime.selfSystem();
            double agentCpu2 = CpuTime.of(agent.pid());
            double oursReplay = replay(client, ours.jobId, lastPrefix);
            double clientCpuReplay = CpuTime.self() - clientCpu2;
            double clientSysReplay = CpuTime.selfSystem() - clientSys2;
            double agentCpuOursReplay = CpuTime.of(agent.pid()) - agentCpu2;
            double agentCpu3 = CpuTime.of(agent.pid());
            RawRead rawReplay = rawRead(agent, ours.jobId, () -> { });
            double agentCpuRawReplay = CpuTime.of(agent.pid()) - agentCpu3;
            double raw = rawReplay.seconds();
            double curl = curlReplay(agent, ours.jobId);
            int rounds = Integer.getInteger("capstan.bench.replayRounds", ctx.size().pick(1, 3, 5));
            ctx.say("  replays of the finished job in a JVM of its own with the console's options, %d rounds", rounds);
            Map<String, String> child = childReplay(agent, ours.jobId, lines, rounds);
            String n = String.format(Locale.ROOT, "%,d lines of %d bytes", lines, BYTES);
            rows.add(Row.of(id(), "log live: job start -> last line in client", lines / ours.seconds, lines / curlLive,
                    "lines/s", Target.NONE).withNote(n + "; baseline: curl -N following an identical job; "
                    + String.format(Locale.ROOT, "%.2f s vs %.2f s", ours.seconds, curlLive)));
            for (int i = 0; i < sinks.size(); i++) {
                LogDestination d = sinks.get(i);
                rows.add(Row.of(id(), "log live: job start -> last line in " + d.name(), lines / ours.destinationSeconds()[i],
                        lines / curlLive, "lines/s", d.target()).withNote("fed by our client in the live run above"));
                d.close();
            }
            rows.add(Row.of(id(), "log live: job start -> end, raw socket", lines / rawLiveSeconds, lines / curlLive,
                    "lines/s", Target.atLeast(250_000)).withNote("every line: " + rawFromStart.lines() + " served, gaps: "
                    + rawFromStart.gaps() + "; baseline: curl -N following an identical job"));
            rows.add(Row.of(id(), "log live: lines a batch, raw socket from job start", (double) rawFromStart.lines()
                    / Math.max(1, rawFromStart.batches()), (double) rawReplay.lines() / Math.max(1, rawReplay.batches()),
                    "lines", Target.NONE).withNote("the lines of one lines event a reader that keeps up gets (the agent flushes "
                    + "when it has caught up); baseline: the same on replay"));
            rows.add(Row.of(id(), "log live: lines served to the raw socket from job start", rawFromStart.lines(),
                    (double) client.job(rawJob.id()).lines(), "lines", Target.NONE).withNote("baseline: lines the job has"));
            rows.add(Row.of(id(), "log live, raw reader far behind: lines served", rawLive.lines(),
                    (double) client.job(slow.id()).lines(), "lines", Target.NONE)
                    .withNote("baseline: lines the job has; gaps: " + rawLive.gaps() + "; the reader reads from the job's end on"));
            rows.add(Row.of(id(), "log replay of finished job, raw socket: lines served", rawReplay.lines(),
                    (double) client.job(ours.jobId).lines(), "lines", Target.NONE)
                    .withNote("baseline: lines the job has; gaps: " + rawReplay.gaps()));
            rows.add(Row.of(id(), "log replay of finished job, raw socket", lines / raw, lines / curl, "lines/s",
                    Target.atLeast(1_000_000)).withNote("every line: " + rawReplay.lines() + " served; baseline: curl -N"));
            long textBytes = (long) (BYTES - 1) * lines; // LinePrinter's lines are ASCII, BYTES - 1 long, plus a few system lines
            rows.add(Row.of(id(), "log wire bytes a line beyond its text (replay)",
                    (double) (rawReplay.bytes() - textBytes) / rawReplay.lines(), null, "bytes", Target.atMost(40))
                    .withNote(String.format(Locale.ROOT, "%,d bytes of SSE body for %,d lines", rawReplay.bytes(), rawReplay.lines())));
            double childOurs = lines / d(child, "ours");
            double childRaw = lines / d(child, "raw");
            String own = "a JVM of its own with the console's options (installer/console.jvm-options), median of "
                    + child.get("rounds").replaceAll("\\..*", "") + " warm rounds, alternated with a plain socket in the same JVM";
            rows.add(Row.of(id(), "log replay of finished job -> client (vs raw socket)", childOurs, childRaw, "lines/s",
                    Target.NONE).withNote(own + String.format(Locale.ROOT, "; the first (cold) replay: %,.0f vs %,.0f lines/s",
                    lines / d(child, "coldOurs"), lines / d(child, "coldRaw"))));
            rows.add(Row.of(id(), "log replay of finished job, our client / raw socket", childOurs / childRaw, null, "x",
                    Target.atLeast(0.8)).withNote("the row above as a ratio (issue 13, item 3)"));
            rows.add(Row.of(id(), "client CPU s per 1M lines, replay, own JVM", d(child, "oursCpu") * 1e6 / lines,
                    d(child, "rawCpu") * 1e6 / lines, "s", Target.NONE).withNote(String.format(Locale.ROOT,
                    "the replay child's CPU (all its threads: reading, GC, JIT), %.2f s of it in the kernel, GC %.0f ms a read; "
                            + "baseline: the plain socket's read in the same JVM; cold first replay %.2f s",
                    d(child, "oursSys") * 1e6 / lines, d(child, "oursGcMs"), d(child, "coldOursCpu") * 1e6 / lines)));
            rows.add(Row.of(id(), "client CPU s per 1M lines, live, own JVM", d(child, "liveCpu") * 1e6 / lines, null, "s",
                    Target.NONE).withNote(String.format(Locale.ROOT, "our client alone (no pane model) following a new job "
                            + "from its start in the replay child: %.2f s of it in the kernel, %.2f s the reading thread's; "
                            + "job start -> last line %,.0f lines/s", d(child, "liveSys") * 1e6 / lines,
                    d(child, "liveReader") * 1e6 / lines, lines / d(child, "live"))));
            rows.add(Row.of(id(), "log replay of finished job -> client, benchmark JVM (vs raw socket)", lines / oursReplay,
                    lines / raw, "lines/s", Target.NONE).withNote("our client in the benchmark JVM (-Xmx2g, no -Xms, the live "
                    + "run's pane model still held), one replay; baseline: the same SSE bytes read from a plain socket, no "
                    + "parsing (the limit), one read after it"));
            double perMillion = 1e6 / lines;
            rows.add(Row.of(id(), "agent CPU s per 1M lines, live, raw socket from job start", agentCpuRawLive * perMillion,
                    null, "s", Target.NONE).withNote("utime + stime of the agent JVM (/proc) over the raw live read: taking the "
                    + "lines in, storing them, serving them; the printing process is not counted"));
            rows.add(Row.of(id(), "agent CPU s per 1M lines, live, our client", agentCpuOursLive * perMillion,
                    null, "s", Target.NONE).withNote("over the live run of our client"));
            rows.add(Row.of(id(), "agent CPU s per 1M lines, replay, raw socket", agentCpuRawReplay * perMillion,
                    null, "s", Target.NONE).withNote("serving the finished job from its files"));
            rows.add(Row.of(id(), "agent CPU s per 1M lines, replay, our client", agentCpuOursReplay * perMillion,
                    null, "s", Target.NONE));
            rows.add(Row.of(id(), "client CPU s per 1M lines, live", clientCpuLive * perMillion, null, "s", Target.NONE)
                    .withNote("the benchmark JVM (our client and the pane model it feeds) over the live run; "
                            + String.format(Locale.ROOT, "%.2f s of it in the kernel", clientSysLive * perMillion)
                            + "; by thread: " + perMillion(liveThreads, perMillion)));
            rows.add(Row.of(id(), "client CPU s per 1M lines, replay, benchmark JVM", clientCpuReplay * perMillion, null, "s",
                    Target.NONE).withNote("the benchmark JVM (our client alone, the pane model held) over its replay; "
                            + String.format(Locale.ROOT, "%.2f s of it in the kernel", clientSysReplay * perMillion)));
            rows.add(Row.of(id(), "log replay of finished job -> client (vs curl)", lines / oursReplay, lines / curl,
                    "lines/s", Target.NONE).withNote("baseline: curl -N reading the same stream to /dev/null"));
        }
        return rows;
    }

    /** The job, seconds from its start to the last line in the client, and the same for each destination. */
    record LiveRead(String jobId, double seconds, double[] destinationSeconds) {
    }

    private LiveRead followLive(AgentClient client, String service, String lastPrefix, List<LogDestination> sinks) throws Exception {
        CompletableFuture<Long> last = new CompletableFuture<>();
        long[] lastSeq = {0};
        CompletableFuture<Job> end = new CompletableFuture<>();
        long[] expected = {1};
        long start = System.nanoTime();
        Job job = client.startServiceJob(BenchCatalog.LOGS, service, Action.REBUILD);
        try (JobLogStream stream = new JobLogStream(client, job.id(), new JobLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                onLines(List.of(line));
            }

            @Override
            public void onLines(List<Line> lines) {
                // The destinations take the batch as the console's panes do (LineListener.onLines); the checks stay per line.
                for (LogDestination d : sinks) d.onLines(lines);
                for (Line line : lines) {
                    if (line.seq() != expected[0]++) last.completeExceptionally(new IllegalStateException("out of order at " + line.seq()));
                    if (line.text().startsWith(lastPrefix)) {
                        lastSeq[0] = line.seq();
                        last.complete(System.nanoTime());
                    }
                }
            }

            @Override
            public void onGap(long from, long to) {
                last.completeExceptionally(new IllegalStateException("gap " + from + ".." + to));
            }

            @Override
            public void onEnd(Job j) {
                end.complete(j);
            }
        })) {
            stream.start();
            long at = last.get(10, TimeUnit.MINUTES);
            double[] inDestination = new double[sinks.size()];
            Waits.untilOrFail(() -> {
                boolean all = true;
                for (int i = 0; i < sinks.size(); i++) {
                    if (inDestination[i] == 0 && sinks.get(i).holds(lastSeq[0])) inDestination[i] = (System.nanoTime() - start) / 1e9;
                    all &= inDestination[i] != 0;
                }
                return all;
            }, Duration.ofMinutes(5), "the last line in every destination");
            end.get(2, TimeUnit.MINUTES);
            return new LiveRead(job.id(), (at - start) / 1e9, inDestination);
        }
    }

    private double replay(AgentClient client, String jobId, String lastPrefix) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] seen = {0};
        long start = System.nanoTime();
        try (JobLogStream stream = new JobLogStream(client, jobId, new JobLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                if (line.text().startsWith(lastPrefix)) seen[0] = line.seq();
            }

            @Override
            public void onEnd(Job j) {
                done.complete(System.nanoTime());
            }
        })) {
            stream.start();
            long at = done.get(10, TimeUnit.MINUTES);
            if (seen[0] == 0) throw new IllegalStateException("replay ended without the last line");
            return (at - start) / 1e9;
        }
    }

    /**
     * Runs {@link ReplayMain} with the console's JVM options (plus {@code -Dcapstan.bench.replayJvmArgs}, e.g. a flight
     * recording) over the finished job; its {@code RESULT} line as a map.
     */
    private static Map<String, String> childReplay(BenchAgent agent, String jobId, int lines, int rounds) throws Exception {
        List<String> jvm = new ArrayList<>(BenchContext.consoleJvmArgs());
        String extra = System.getProperty("capstan.bench.replayJvmArgs", "").trim();
        if (!extra.isEmpty()) jvm.addAll(List.of(extra.split("\\s+")));
        Process p = new ProcessBuilder(ReplayMain.command(jvm, agent.baseUrl(), agent.token(), jobId, lines, rounds, true))
                .redirectErrorStream(true).start();
        Map<String, String> result = ResultLine.read(p, line -> System.err.println("  [replay child] " + line));
        if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
        if (result.isEmpty()) throw new IllegalStateException("the replay child printed no result (exit " + p.exitValue() + ")");
        return result;
    }

    /** The larger shares of a by-thread CPU map, per million lines ("OkHttp 0.52 s, GC 0.40 s, ..."). */
    private static String perMillion(Map<String, Double> threads, double perMillion) {
        StringBuilder out = new StringBuilder();
        threads.entrySet().stream().filter(e -> e.getValue() * perMillion >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey())
                        .append(String.format(Locale.ROOT, " %.2f s", e.getValue() * perMillion)));
        return out.toString();
    }

    private static double d(Map<String, String> result, String key) {
        return Double.parseDouble(result.get(key));
    }

    /** What a raw reader got: seconds from connect to end of stream, line events, gap events. */
    record RawRead(double seconds, long lines, long gaps, long bytes, long batches) {
    }

    /** Something to do between sending the request and reading the answer. */
    @FunctionalInterface
    interface Pause {
        void run() throws Exception;
    }

    /** Seconds from connect to end of stream, reading raw bytes; checks the stream reached its {@code end} event. */
    static double rawSocket(BenchAgent agent, String jobId) throws Exception {
        return rawRead(agent, jobId, () -> { }).seconds();
    }

    /**
     * Reads a job's log from a plain socket, counting lines (the {@code data: [} fields of {@code lines} batches) and
     * {@code gap} events, no parsing; it also counts the bytes, for the wire overhead a line; {@code pause}
     * runs after the request is sent and before the first byte is read, so the reader can start far behind. HTTP/1.0,
     * so the body is not chunked and an event's text is never split by a chunk's size line.
     */
    static RawRead rawRead(BenchAgent agent, String jobId, Pause pause) throws Exception {
        return rawRead(agent.port(), agent.token(), jobId, pause);
    }

    /** As above, for the agent on loopback port {@code port} (a child JVM has no {@link BenchAgent}). */
    static RawRead rawRead(int port, String token, String jobId, Pause pause) throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            String req = "GET /api/v1/jobs/" + jobId + "/log HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pause.run();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            byte[] line = "\ndata: [".getBytes(StandardCharsets.US_ASCII); // one per line inside a lines batch
            byte[] gap = "\nevent: gap\n".getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\nevent: end\n".getBytes(StandardCharsets.US_ASCII);
            byte[] batch = "\nevent: lines\n".getBytes(StandardCharsets.US_ASCII);
            int inBatch = 0;
            long batches = 0;
            int inLine = 0;
            int inGap = 0;
            int inEnd = 0;
            long lines = 0;
            long gaps = 0;
            long bytes = 0;
            boolean ended = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    // Every pattern starts with a newline: between a failed match and the next newline no byte can
                    // start one, so they are skipped by the tightest loop there is. The reader measures the agent; with
                    // four matchers on every byte it was slower than our own client on a slow CPU (session 15).
                    if ((inLine | inGap | inEnd | inBatch) == 0) {
                        while (i < n && buf[i] != '\n') {
                            i++;
                        }
                        if (i == n) {
                            break;
                        }
                    }
                    byte b = buf[i];
                    inLine = b == line[inLine] ? inLine + 1 : b == line[0] ? 1 : 0;
                    inGap = b == gap[inGap] ? inGap + 1 : b == gap[0] ? 1 : 0;
                    inEnd = b == end[inEnd] ? inEnd + 1 : b == end[0] ? 1 : 0;
                    inBatch = b == batch[inBatch] ? inBatch + 1 : b == batch[0] ? 1 : 0;
                    if (inBatch == batch.length) {
                        batches++;
                        inBatch = 1;
                    }
                    if (inLine == line.length) {
                        lines++;
                        inLine = 1; // the newline that ends it may start the next one
                    }
                    if (inGap == gap.length) {
                        gaps++;
                        inGap = 1;
                    }
                    if (inEnd == end.length) {
                        ended = true;
                        inEnd = 1;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!ended) throw new IllegalStateException("raw stream ended before its end event");
            return new RawRead(seconds, lines, gaps, bytes, batches);
        }
    }

    private static List<String> curlCommand(BenchAgent agent, String jobId) {
        return List.of("curl", "-sS", "-N", "-H", "Authorization: Bearer " + agent.token(), "-H", "Accept: text/event-stream",
                agent.baseUrl() + "/api/v1/jobs/" + jobId + "/log");
    }

    /** Seconds for curl to read the whole stream of a finished job into /dev/null. */
    static double curlReplay(BenchAgent agent, String jobId) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(curlCommand(agent, jobId)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("curl failed");
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds from the start of a second identical job until curl, following it, has printed its last line. */
    private static double curlLive(BenchAgent agent, AgentClient client, String lastPrefix) throws Exception {
        long start = System.nanoTime();
        Job job = client.startServiceJob(BenchCatalog.LOGS, "printer", Action.REBUILD);
        Process p = new ProcessBuilder(curlCommand(agent, job.id())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] marker = ("\"stdout\",\"" + lastPrefix).getBytes(StandardCharsets.US_ASCII);
        long at = -1;
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            int matched = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n && at < 0; i++) {
                    matched = buf[i] == marker[matched] ? matched + 1 : buf[i] == marker[0] ? 1 : 0;
                    if (matched == marker.length) at = System.nanoTime();
                }
            }
        }
        p.waitFor(1, TimeUnit.MINUTES);
        if (at < 0) throw new IllegalStateException("curl never printed the last line");
        return (at - start) / 1e9;
    }
}
