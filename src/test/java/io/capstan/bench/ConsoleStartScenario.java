package io.capstan.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7: the console as a child process ({@code capstan} with no arguments: its own embedded agent over the demo
 * set, fresh config and data folders, so a first run), from process start to its first frame, to the first frame
 * showing deployments, and to interactive (the marks of {@code io.capstan.console.StartupMarks}). Baseline: the
 * smallest JavaFX window ({@link EmptyFxApp}) started the same way, the floor any JavaFX program pays here. Display:
 * the desktop's if {@code DISPLAY} is set, else an Xvfb of its own if installed, else Monocle headless.
 */
final class ConsoleStartScenario implements Scenario {
    static final String CONSOLE_MAIN = "io.capstan.cli.Main";
    /** What the console's shutdown may take beyond its exit wait: stopping the demo services (stopTimeout each). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String[] MARKS = {"first-frame", "deployments-frame", "interactive"};

    @Override
    public String id() {
        return "7";
    }

    @Override
    public String title() {
        return "console start: process start -> first frame, deployments shown, interactive; baseline empty JavaFX window";
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int runs = ctx.size().pick(1, 2, 5);
        List<Map<String, Double>> ours = new ArrayList<>();
        List<Map<String, Double>> empty = new ArrayList<>();
        List<Map<String, Double>> archived = new ArrayList<>();
        try (BenchDisplay display = BenchDisplay.open(ctx.size() == Size.SMOKE)) {
            // Not in the smoke test: a training start and the archive's dump at its exit take minutes on a loaded machine.
            ClassDataArchive archive = ctx.size() == Size.SMOKE ? null : ClassDataArchive.train(ctx, display);
            for (int i = 0; i < runs; i++) {
                ctx.say("  run %d/%d (%s)", i + 1, runs, display.description());
                Path home = ctx.newDir("console-home");
                empty.add(time(display, home, EmptyFxApp.Launcher.class.getName(), List.of(), BenchContext.classPath()));
                // No arguments, as the menu entry starts it: CAPSTAN_HOME (below) keeps its config and data in the run's folder.
                ours.add(time(display, home, CONSOLE_MAIN, BenchContext.consoleJvmArgs(), consoleClassPath()));
                if (archive != null) {
                    archived.add(time(display, ctx.newDir("console-home"), CONSOLE_MAIN, archive.jvmArgs(), archive.classPath()));
                }
            }
            List<Row> rows = new ArrayList<>();
            String[] names = {"console start -> first frame", "console start -> first frame showing deployments",
                              "console start -> interactive"};
            for (int m = 0; m < MARKS.length; m++) {
                String mark = MARKS[m];
                double o = Percentiles.of(ours.stream().map(r -> r.get(mark)).toList()).p(50);
                double b = Percentiles.of(empty.stream().map(r -> r.get(mark)).toList()).p(50);
                Row row = Row.of(id(), names[m] + " (median)", o, b, "ms", Target.NONE);
                if (m == 0) {
                    row = row.withNote("median of " + runs + " runs on " + display.description() + "; first run each time (demo "
                            + "set copied, embedded agent started); baseline: an empty JavaFX window of the same size (its first frame "
                            + "for the deployments row)");
                }
                rows.add(row);
            }
            rows.addAll(cpuRows(ours, empty, runs, ""));
            if (!archived.isEmpty()) {
                rows.addAll(archivedRows(archived, ours, runs));
            }
            return rows;
        }
    }

    /**
     * What the process spent to reach its marks, which a busy machine distorts far less than wall time: CPU
     * milliseconds of the whole process (every thread: JIT compilers, GC, the embedded agent), and classes loaded,
     * each beside the empty window's in the same run (decision record 54). Left out where the child could not read
     * its CPU (not Linux).
     */
    private List<Row> cpuRows(List<Map<String, Double>> ours, List<Map<String, Double>> empty, int runs, String suffix) {
        List<Row> rows = new ArrayList<>();
        String[][] wanted = {
            {"first-frame", "cpu", "CPU to first frame", "ms"},
            {"deployments-frame", "cpu", "CPU to first frame showing deployments", "ms"},
            {"first-frame", "jit", "CPU to first frame, JIT compiler threads", "ms"},
            {"first-frame", "fx", "CPU to first frame, FX thread", "ms"},
            {"deployments-frame", "jit", "CPU to deployments frame, JIT compiler threads", "ms"},
            {"deployments-frame", "fx", "CPU to deployments frame, FX thread", "ms"},
            {"first-frame", "classes", "classes loaded at first frame", "classes"},
            {"deployments-frame", "classes", "classes loaded at deployments frame", "classes"},
        };
        for (String[] w : wanted) {
            String key = w[0] + " " + w[1];
            if (ours.stream().anyMatch(r -> !r.containsKey(key)) || empty.stream().anyMatch(r -> !r.containsKey(key))) {
                continue;
            }
            double o = Percentiles.of(ours.stream().map(r -> r.get(key)).toList()).p(50);
            double b = Percentiles.of(empty.stream().map(r -> r.get(key)).toList()).p(50);
            Row row = Row.of(id(), w[2] + suffix + " (median)", o, b, w[3], Target.NONE);
            if (rows.isEmpty() && suffix.isEmpty()) {
                row = row.withNote("median of " + runs + " runs; user + system CPU of the whole process (every thread) from "
                        + "/proc when the mark is printed; baseline: the empty window's, same run; CPU of "
                        + "the bg threads (the embedded agent's start) at the deployments frame: "
                        + spread(ours, "deployments-frame bg") + " ms, the agent's own threads: "
                        + spread(ours, "deployments-frame agent") + " ms, GC: " + spread(ours, "deployments-frame gc") + " ms");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The same start with the application class-data archive the launchers use (decision record 106), beside the
     * start without it from the same run as the baseline: wall time to the marks, then the CPU and class rows.
     */
    private List<Row> archivedRows(List<Map<String, Double>> archived, List<Map<String, Double>> plain, int runs) {
        List<Row> rows = new ArrayList<>();
        String[] names = {"with class-data archive: start -> first frame", "with class-data archive: start -> deployments shown"};
        for (int m = 0; m < 2; m++) {
            String mark = MARKS[m];
            double o = Percentiles.of(archived.stream().map(r -> r.get(mark)).toList()).p(50);
            double b = Percentiles.of(plain.stream().map(r -> r.get(mark)).toList()).p(50);
            Row row = Row.of(id(), names[m] + " (median)", o, b, "ms", Target.atMost(m == 0 ? 2_000 : 4_000));
            if (m == 0) {
                row = row.withNote("median of " + runs + " runs with -XX:SharedArchiveFile (an archive of a training start of the same "
                        + "classes as one jar, as ./capstan and the app image make it); baseline: the start without it, same run; "
                        + "target: issue 12 (quiet machine)");
            }
            rows.add(row);
        }
        rows.addAll(cpuRows(archived, plain, runs, ", with class-data archive, vs without"));
        return rows;
    }

    /**
     * The bench's class path without the test classes: the console then configures its logging as it does when
     * installed (the tests' logback-test.xml would otherwise be read instead).
     */
    static String consoleClassPath() {
        return java.util.Arrays.stream(BenchContext.classPath().split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** "min-max" of one figure over the runs, or "n/a". */
    private static String spread(List<Map<String, Double>> runs, String key) {
        List<Double> v = runs.stream().map(r -> r.get(key)).filter(java.util.Objects::nonNull).sorted().toList();
        return v.isEmpty() ? "n/a" : Math.round(v.get(0)) + "-" + Math.round(v.get(v.size() - 1));
    }

    /**
     * {@code capstan-mark NAME key=value...}: the wall time under NAME, each figure under "NAME key" (see
     * {@code io.capstan.console.StartupMarks}).
     */
    private static void record(String line, double wallMs, Map<String, Double> at) {
        String[] words = line.substring("capstan-mark ".length()).trim().split(" ");
        String mark = words[0];
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) at.put(mark + " " + words[i].substring(0, eq), Double.parseDouble(words[i].substring(eq + 1)));
        }
        at.put(mark, wallMs);
    }

    /** Milliseconds from process start to each mark, and the figures each mark carries. */
    static Map<String, Double> time(BenchDisplay display, Path home, String main, List<String> jvmArgs, String classPath)
            throws Exception {
        return time(display, home, main, jvmArgs, classPath, Duration.ofSeconds(10));
    }

    /**
     * @param jvmArgs the console's: the launchers' options (or those to compare, -Dcapstan.bench.consoleJvmArgs=...);
     *                none for the empty window, which stays the plain JVM's floor
     * @param exitWait how long the process may take to exit once told to (a training start writes its archive then)
     */
    static Map<String, Double> time(BenchDisplay display, Path home, String main, List<String> jvmArgs, String classPath,
            Duration exitWait) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(BenchContext.java());
        cmd.addAll(display.jvmArgs());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Dcapstan.startupMarks=true", "-cp", classPath, main));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("stderr.log").toFile()));
        pb.environment().putAll(display.env());
        pb.environment().put("CAPSTAN_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg-config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("xdg-data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("xdg-state").toString());
        pb.environment().put("HOME", home.toString());
        Map<String, Double> at = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (!at.containsKey("interactive") && (line = r.readLine()) != null) {
                if (line.startsWith("capstan-mark ")) record(line, (System.nanoTime() - start) / 1e6, at);
            }
        } finally {
            p.destroy(); // SIGTERM: the console's shutdown hook stops its agent's services
            if (!p.waitFor(exitWait.plus(STOP_WAIT).toMillis(), TimeUnit.MILLISECONDS)) {
                List<ProcessHandle> tree = p.descendants().toList(); // now, not before: services start after the marks
                p.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
            }
            List<Long> left = Leftovers.stop(home);
            if (!left.isEmpty()) System.err.println("console start: stopped services the console left running: " + left);
        }
        for (String m : MARKS) {
            if (!at.containsKey(m)) {
                throw new IllegalStateException(main + " never reached " + m + " (see " + home.resolve("stderr.log") + ")");
            }
        }
        return at;
    }
}
