package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.internal.Http;
import io.capstan.client.logs.JobLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import okhttp3.Response;

/**
 * Where the client's CPU goes when it replays a finished job (decision record 97): the same 1,000,000-line job read by
 * a raw socket, by OkHttp alone (the body's bytes discarded: connection, chunked decoding, okio), and by our
 * {@link JobLogStream} (that plus framing, cutting the lines, the cursor), several rounds alternated, each with this
 * JVM's CPU seconds (user and kernel) per million lines. Run from the worktree, at top priority on a loaded machine:
 * {@code java -cp <test class path> io.capstan.bench.ClientReadProfile [lines] [rounds]}.
 */
public final class ClientReadProfile {
    private ClientReadProfile() {
    }

    /** What one read cost: wall seconds, CPU seconds of this JVM, of which in the kernel; GC and JIT milliseconds. */
    private record Cost(double seconds, double cpu, double system, long gcMs, long jitMs) {
    }

    @FunctionalInterface
    private interface Read {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean pane = args.length > 2 && args[2].equals("--pane"); // first fill a pane model, held while measuring
        BenchContext ctx = new BenchContext(Size.FULL, Path.of(System.getProperty("java.io.tmpdir")), System.err);
        BenchAgent.Options opts = BenchAgent.Options.of(ctx.newDir("profile-state"))
                .logs(LogThroughputScenario.logsFolder(ctx, lines, 0)).jvm(AgentMemoryScenario.launcherOptions());
        try (BenchAgent agent = BenchAgent.start(opts); AgentClient client = new AgentClient(agent.endpoint())) {
            Job job = client.startServiceJob(BenchCatalog.LOGS, "printer", Action.REBUILD);
            Waits.untilOrFail(() -> client.job(job.id()).status().isTerminal(), Duration.ofMinutes(10), "the job's end");
            String lastPrefix = LinePrinter.text(lines, LogThroughputScenario.BYTES).substring(0, 10);
            System.out.printf(Locale.ROOT, "%,d lines; load average %s%n", lines, Machine.load());
            LogDestination held = pane ? new PaneModelDestination() : null;
            if (held != null) {
                report("JobLogStream into a pane model", lines, measure(() -> jobLogStream(client, job.id(), lastPrefix, held)));
            }
            for (int round = 0; round <= rounds; round++) {
                String warm = round == 0 ? " (warm-up)" : "";
                report("raw socket" + warm, lines, measure(() -> LogThroughputScenario.rawRead(agent, job.id(), () -> { })));
                report("okhttp body, discarded" + warm, lines, measure(() -> okHttpBytes(client.transport(), job.id())));
                report("JobLogStream" + warm, lines, measure(() -> jobLogStream(client, job.id(), lastPrefix, null)));
            }
        }
    }

    private static Cost measure(Read read) throws Exception {
        double cpu = CpuTime.self();
        double sys = CpuTime.selfSystem();
        long gc = gcMillis();
        long jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long start = System.nanoTime();
        read.run();
        return new Cost((System.nanoTime() - start) / 1e9, CpuTime.self() - cpu, CpuTime.selfSystem() - sys,
                gcMillis() - gc, java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit);
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) ms += gc.getCollectionTime();
        return ms;
    }

    private static void report(String what, int lines, Cost c) {
        double m = 1e6 / lines;
        System.out.printf(Locale.ROOT, "%-32s %,11.0f lines/s  CPU %.2f s/1M (kernel %.2f)  GC %d ms  JIT %d ms%n", what,
                lines / c.seconds(), c.cpu() * m, c.system() * m, c.gcMs(), c.jitMs());
    }

    private static void okHttpBytes(Http http, String jobId) throws Exception {
        try (Response r = http.streamClient(Duration.ofSeconds(45)).newCall(
                http.streamRequest("/jobs/" + jobId + "/log", java.util.Map.of(), null)).execute();
             InputStream in = r.body().byteStream()) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // discarded: what OkHttp alone costs
            }
        }
    }

    private static void jobLogStream(AgentClient client, String jobId, String lastPrefix, LogDestination to) throws Exception {
        ReplayMain.replay(client, jobId, lastPrefix, to);
    }
}
