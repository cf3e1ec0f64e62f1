package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.logs.JobLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2's replay, measured in a JVM of its own started with the console's options (heap, collector goal, JIT
 * thresholds: {@code installer/console.jvm-options}), so the figure is what a console replaying a finished job pays,
 * not what the benchmark JVM pays while it still holds the live run's pane model. Round after round it reads the same
 * finished job by a plain socket (the limit: bytes scanned, nothing parsed) and by our {@link JobLogStream}, in turn,
 * the order swapped every round, so both meet the same load and the same JVM; round 0 is the cold one (a console that
 * never replayed a log before). Each read prints a {@code READ} line; the last line is {@code RESULT key=value ...}.
 *
 * <p>Arguments: {@code <base URL> <token> <job id> <lines> <rounds> [live]}; with {@code live}, it then starts the
 * printer's job and follows it live from its start with our client alone (no pane model), for the live CPU.
 */
public final class ReplayMain {
    private ReplayMain() {
    }

    /**
     * What one read cost: wall seconds; this JVM's CPU seconds, of them in the kernel; GC milliseconds; and the CPU
     * seconds by kind of thread ({@link #threadCpu()}).
     */
    record Cost(double seconds, double cpu, double system, long gcMs, Map<String, Double> threads) {
    }

    @FunctionalInterface
    private interface Read {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String token = args[1];
        String jobId = args[2];
        int lines = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        boolean live = args.length > 5 && args[5].equals("live");
        int port = URI.create(baseUrl).getPort();
        String lastPrefix = LinePrinter.text(lines, LogThroughputScenario.BYTES).substring(0, 10);
        List<Cost> raw = new ArrayList<>();
        List<Cost> ours = new ArrayList<>();
        try (AgentClient client = new AgentClient(new AgentEndpoint("bench", baseUrl, token))) {
            for (int round = 0; round <= rounds; round++) {
                Read rawRead = () -> LogThroughputScenario.rawRead(port, token, jobId, () -> { });
                Read ourRead = () -> replay(client, jobId, lastPrefix);
                boolean oursFirst = round % 2 == 1;
                Cost first = measure(oursFirst ? ourRead : rawRead);
                Cost second = measure(oursFirst ? rawRead : ourRead);
                Cost r = oursFirst ? second : first;
                Cost o = oursFirst ? first : second;
                raw.add(r);
                ours.add(o);
                print("raw", round, lines, r);
                print("ours", round, lines, o);
            }
        }
        StringBuilder result = new StringBuilder("RESULT");
        put(result, "coldOurs", ours.get(0).seconds());
        put(result, "coldRaw", raw.get(0).seconds());
        List<Cost> warmOurs = rounds == 0 ? ours : ours.subList(1, ours.size());
        List<Cost> warmRaw = rounds == 0 ? raw : raw.subList(1, raw.size());
        put(result, "ours", median(warmOurs, Cost::seconds));
        put(result, "raw", median(warmRaw, Cost::seconds));
        put(result, "oursCpu", median(warmOurs, Cost::cpu));
        put(result, "oursSys", median(warmOurs, Cost::system));
        put(result, "rawCpu", median(warmRaw, Cost::cpu));
        put(result, "oursGcMs", median(warmOurs, c -> c.gcMs()));
        put(result, "coldOursCpu", ours.get(0).cpu());
        put(result, "rounds", warmOurs.size());
        if (live) {
            // A job followed live from its start by our client alone (no pane model): what the stream costs live.
            try (AgentClient client = new AgentClient(new AgentEndpoint("bench", baseUrl, token))) {
                long[] started = new long[1];
                Cost c = measure(() -> started[0] = followLive(client, lastPrefix));
                put(result, "live", c.seconds());
                put(result, "liveCpu", c.cpu());
                put(result, "liveSys", c.system());
                put(result, "liveReader", c.threads().getOrDefault("OkHttp", Double.NaN));
                print("live", 0, lines, c);
            }
        }
        System.out.println(result);
    }

    private static void put(StringBuilder out, String key, double value) {
        out.append(' ').append(key).append('=').append(String.format(Locale.ROOT, "%.6f", value));
    }

    private static double median(List<Cost> costs, java.util.function.ToDoubleFunction<Cost> f) {
        double[] v = costs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void print(String what, int round, int lines, Cost c) {
        double m = 1e6 / lines;
        StringBuilder threads = new StringBuilder();
        c.threads().forEach((k, v) -> threads.append(String.format(Locale.ROOT, " %s=%.2f", k, v * m)));
        System.out.printf(Locale.ROOT, "READ %s round=%d linesPerSecond=%.0f cpuPerMillion=%.3f kernelPerMillion=%.3f gcMs=%d"
                + " byThread:%s%n", what, round, lines / c.seconds(), c.cpu() * m, c.system() * m, c.gcMs(), threads);
    }

    private static Cost measure(Read read) throws Exception {
        double cpu = CpuTime.self();
        double sys = CpuTime.selfSystem();
        long gc = gcMillis();
        Map<String, Double> threads = threadCpu();
        long start = System.nanoTime();
        read.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = threadCpu();
        after.replaceAll((k, v) -> v - threads.getOrDefault(k, 0.0));
        return new Cost(seconds, CpuTime.self() - cpu, CpuTime.selfSystem() - sys, gcMillis() - gc, after);
    }

    /**
     * This JVM's CPU seconds (user + system) by kind of thread, from {@code /proc/self/task}: the stream's reader
     * ({@code OkHttp}), the benchmark's {@code main} (the plain socket's reader), the collector's threads ({@code GC}),
     * the JIT's ({@code JIT}), and the rest. Threads that ended between two looks are lost, which only the rest has.
     */
    static Map<String, Double> threadCpu() {
        Map<String, Double> cpu = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    cpu.merge(kind(name), seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return cpu; // not Linux: no split
        }
        return cpu;
    }

    private static String kind(String thread) {
        if (thread.startsWith("OkHttp")) return "OkHttp";
        if (thread.equals("java")) return "main"; // the main thread carries the process's name
        if (thread.startsWith("GC ") || thread.startsWith("G1 ")) return "GC";
        if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) return "JIT";
        return thread.replaceAll("[^A-Za-z]", "");
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) ms += gc.getCollectionTime();
        return ms;
    }

    /** Our client's replay of the finished job, from connect to its {@code end}; checks it saw the last line. */
    static void replay(AgentClient client, String jobId, String lastPrefix) throws Exception {
        replay(client, jobId, lastPrefix, null);
    }

    /** Follows the job's log from its start to its end, handing each line to {@code to} too (null: nowhere). */
    static void replay(AgentClient client, String jobId, String lastPrefix, LogDestination to) throws Exception {
        CompletableFuture<Job> end = new CompletableFuture<>();
        long[] last = {0};
        try (JobLogStream stream = new JobLogStream(client, jobId, new JobLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                if (to != null) to.onLine(line);
                if (line.text().startsWith(lastPrefix)) last[0] = line.seq();
            }

            @Override
            public void onEnd(Job j) {
                end.complete(j);
            }
        })) {
            stream.start();
            end.get(10, TimeUnit.MINUTES);
            if (last[0] == 0) throw new IllegalStateException("the replay ended without the last line");
        }
    }

    /** Starts the printer's job and follows it from its start until its last line; the job's id. */
    private static long followLive(AgentClient client, String lastPrefix) throws Exception {
        CompletableFuture<Long> last = new CompletableFuture<>();
        Job job = client.startServiceJob(BenchCatalog.LOGS, "printer", Action.REBUILD);
        try (JobLogStream stream = new JobLogStream(client, job.id(), new JobLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                if (line.text().startsWith(lastPrefix)) last.complete(line.seq());
            }
        })) {
            stream.start();
            return last.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * The child's command line: the console's JVM options, then this class and its arguments; {@code live}: after the
     * replays, also follow a new job of the printer live.
     */
    static List<String> command(List<String> jvm, String baseUrl, String token, String jobId, int lines, int rounds,
                                boolean live) {
        List<String> cmd = new ArrayList<>(List.of(BenchContext.java()));
        cmd.addAll(jvm);
        cmd.addAll(Arrays.asList("-cp", BenchContext.classPath(), ReplayMain.class.getName(), baseUrl, token, jobId,
                Integer.toString(lines), Integer.toString(rounds), live ? "live" : "replay"));
        return cmd;
    }
}
