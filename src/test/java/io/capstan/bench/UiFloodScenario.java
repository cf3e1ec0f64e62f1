package io.capstan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3: a log pane in a real window ingesting 100,000 lines a second (1,000,000 lines in a full run), against
 * the same lines appended to a plain {@code TextArea}. Each side runs in a child JVM of its own ({@link UiFloodMain}),
 * so its heap figure is its own, on the display {@link BenchDisplay} picks (an Xvfb when installed, else Monocle).
 * Frame figures are the intervals between FX pulses while lines arrive into a pane already drawn: a pulse is due every
 * 16.7 ms, so a long interval is a frame the user saw frozen. The opening's frames (the window's, or the pane's, first
 * paint) are a row of their own. The baseline is cut off after a time limit, since a TextArea never
 * catches up; its rows say how far it got.
 */
final class UiFloodScenario implements Scenario {

    private static final int RATE = 100_000;

    @Override
    public String id() {
        return "3";
    }

    @Override
    public String title() {
        return "UI under flood: frames and memory while a pane ingests 100,000 lines/s";
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int lines = ctx.size().pick(20_000, 300_000, 1_000_000);
        int baselineSeconds = ctx.size().pick(3, 10, 20);
        try (BenchDisplay display = BenchDisplay.open(ctx.size() == Size.SMOKE)) {
            ctx.say("scenario 3: %,d lines at %,d/s into a log pane, on %s", lines, RATE, display.description());
            Map<String, String> pane = child(ctx, display, "pane", lines, lines / RATE + 60);
            ctx.say("scenario 3: the same into a TextArea (cut off after %d s)", baselineSeconds);
            Map<String, String> area = child(ctx, display, "textarea", lines, baselineSeconds);
            String s = id();
            String paneNote = String.format("%s frames over %s s; %s", pane.get("frames"), pane.get("ingestSeconds"),
                    display.description());
            String areaNote = String.format("TextArea took %s of %,d lines in %s s", area.get("delivered"), lines,
                    area.get("ingestSeconds"));
            List<Row> rows = new ArrayList<>();
            rows.add(new Row(s, "longest frame while ingesting", d(pane, "maxFrameMs"), d(area, "maxFrameMs"), "ms",
                    Target.atMost(50), paneNote + "; " + areaNote));
            rows.add(new Row(s, "p99 frame while ingesting", d(pane, "p99FrameMs"), d(area, "p99FrameMs"), "ms",
                    Target.atMost(20), ""));
            // Without the first two seconds (a cold JIT's frames); a flood shorter than that (a smoke run) has none.
            if (Double.isFinite(d(pane, "steadyMaxFrameMs"))) {
                rows.add(new Row(s, "longest frame after the first 2 s", d(pane, "steadyMaxFrameMs"),
                        finiteOrNull(d(area, "steadyMaxFrameMs")), "ms", Target.NONE, "without a cold JIT's frames"));
                rows.add(new Row(s, "p99 frame after the first 2 s", d(pane, "steadyP99FrameMs"),
                        finiteOrNull(d(area, "steadyP99FrameMs")), "ms", Target.NONE, ""));
                rows.add(new Row(s, "UI thread CPU per frame after the first 2 s, max", d(pane, "steadyMaxFrameCpuMs"),
                        finiteOrNull(d(area, "steadyMaxFrameCpuMs")), "ms", Target.NONE,
                        "p99 " + pane.get("steadyP99FrameCpuMs") + " ms"));
            }
            // A shared VM's hypervisor takes CPU in bursts; the frames above slip with it (docs/performance.md, session
            // 15). The same row for the console's window below.
            if (Double.isFinite(d(pane, "stolenPercent"))) {
                // No baseline column: the TextArea's steal is a figure of the machine at another moment, not a baseline.
                rows.add(new Row(s, "CPU the hypervisor took during the flood (steal)", d(pane, "stolenPercent"), null, "%",
                        Target.NONE, String.format(Locale.ROOT, "of both cores' time, from /proc/stat; frames slip with it"
                        + " (decision record 171: floods that lost over 5%% missed the p99); the TextArea's flood: %s%%",
                        area.get("stolenPercent"))));
            }
            // The UI thread's own CPU time per frame: what the pane's work costs, which a loaded machine distorts far
            // less than the wall-clock intervals above (those also hold collections and the scheduler's delays).
            rows.add(new Row(s, "UI thread CPU per frame, p99", d(pane, "p99FrameCpuMs"), d(area, "p99FrameCpuMs"), "ms",
                    Target.NONE, "the FX thread's CPU time between two pulses"));
            rows.add(new Row(s, "UI thread CPU per frame, median", d(pane, "p50FrameCpuMs"), d(area, "p50FrameCpuMs"),
                    "ms", Target.NONE, ""));
            rows.add(new Row(s, "UI thread CPU for the whole flood", d(pane, "fxCpuMs"), d(area, "fxCpuMs"), "ms",
                    Target.NONE, "TextArea: for what it took before the cut-off"));
            rows.add(new Row(s, "lines/s reaching the view", d(pane, "delivered") / d(pane, "ingestSeconds"),
                    d(area, "delivered") / d(area, "ingestSeconds"), "lines/s", Target.atLeast(RATE * 0.95), ""));
            rows.add(new Row(s, "heap per million lines held", d(pane, "mbPerMillion"), d(area, "mbPerMillion"), "MB",
                    Target.atMost(300), "after a full GC; TextArea extrapolated from what it took"));
            rows.add(new Row(s, "search all held lines (pane)", d(pane, "searchMs"), null, "ms", Target.NONE,
                    pane.get("held") + " lines, " + pane.get("matches") + " matches"));
            rows.add(new Row(s, "filter to matches (pane)", d(pane, "filterMs"), null, "ms", Target.NONE, ""));
            rows.add(new Row(s, "the console's warm-up before it (off screen, once per console)", d(pane, "warmUpMs"), null,
                    "ms", Target.NONE, pane.get("warmUpSteps") + " frames of flood through a pane off screen, after the log"
                    + " font (decision records 145 and 167); the console runs it while its user reads the first list"));
            rows.add(new Row(s, "making the pane, after the warm-up", d(pane, "paneLoadMs"), null, "ms", Target.NONE,
                    "FXML"));
            // Apart from the flood: the frames from showing the window until it is drawn (decision record 158).
            rows.add(new Row(s, "opening: longest frame until the window is drawn", d(pane, "openingMaxFrameMs"),
                    d(area, "openingMaxFrameMs"), "ms", Target.NONE, "the window's first paint; the flood starts after it"));
            if (ctx.size() != Size.SMOKE) {
                rows.addAll(inTheConsole(ctx, display, lines, d(pane, "maxFrameMs")));
            }
            return rows;
        }
    }

    /**
     * The same flood into a pane opened in the whole console's window once its deployments are drawn, as an operator
     * opens one (decision record 146): the window's own first paint and the text it has drawn are behind it, as they
     * are for a user. Not at the smoke size: it starts the console's embedded agent and its demo services.
     */
    private List<Row> inTheConsole(BenchContext ctx, BenchDisplay display, int lines, double paneMaxFrame) throws Exception {
        ctx.say("scenario 3: the same into a pane in the console's window");
        Map<String, String> console = child(ctx, display, "console", lines, lines / RATE + 120);
        String s = id();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(s, "in the console's window: longest frame while ingesting", d(console, "maxFrameMs"), paneMaxFrame,
                "ms", Target.atMost(50), String.format("%s frames over %s s; baseline: the pane alone in a window of its"
                        + " own (the rows above)", console.get("frames"), console.get("ingestSeconds"))));
        rows.add(new Row(s, "in the console's window: p99 frame while ingesting", d(console, "p99FrameMs"), null, "ms",
                Target.atMost(20), ""));
        if (Double.isFinite(d(console, "steadyMaxFrameMs"))) {
            rows.add(new Row(s, "in the console's window: longest frame after the first 2 s", d(console, "steadyMaxFrameMs"),
                    null, "ms", Target.NONE, ""));
        }
        if (Double.isFinite(d(console, "stolenPercent"))) {
            rows.add(new Row(s, "in the console's window: CPU the hypervisor took during the flood (steal)",
                    d(console, "stolenPercent"), null, "%", Target.NONE, "of both cores' time"));
        }
        rows.add(new Row(s, "in the console's window: warm-up frames run before the pane opened", d(console, "warmUpSteps"),
                null, "frames", Target.NONE, "the console runs them once its first list is drawn; a pane made sooner stops"
                + " them (decision record 167)"));
        rows.add(new Row(s, "in the console's window: opening the pane, longest frame", d(console, "openingMaxFrameMs"),
                null, "ms", Target.NONE, "the pane's FXML and first paint in the console's dock; the flood starts after it"));
        rows.add(new Row(s, "in the console's window: UI thread CPU per frame, max", d(console, "maxFrameCpuMs"), null, "ms",
                Target.NONE, "p99 " + console.get("p99FrameCpuMs") + " ms"));
        return rows;
    }

    /** The console launchers' heap (./capstan, installer/build.sh): the settings a user gets. */
    private static final String CONSOLE_HEAP = "-Xmx1g";

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double d(Map<String, String> result, String key) {
        String value = result.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static Map<String, String> child(BenchContext ctx, BenchDisplay display, String mode, int lines, int seconds)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(BenchContext.java(), CONSOLE_HEAP));
        // The console launchers' other options (installer/console.jvm-options: the JIT's), for the pane and its
        // baseline alike (decision record 54).
        command.addAll(BenchContext.consoleJvmArgs());
        command.addAll(display.jvmArgs());
        command.addAll(List.of("-cp", BenchContext.classPath(), UiFloodMain.class.getName(), mode, Integer.toString(lines),
                Integer.toString(RATE), Integer.toString(seconds)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(display.env());
        Process process = builder.start();
        Map<String, String> result = ResultLine.read(process, line -> { });
        if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("the " + mode + " child printed no result (exit " + process.exitValue() + ")");
        }
        return result;
    }
}
