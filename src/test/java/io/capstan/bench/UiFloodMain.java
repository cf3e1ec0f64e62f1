package io.capstan.bench;

import io.capstan.console.fx.ExecutorBackground;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.FxFrameClock;
import io.capstan.console.fx.FxThread;
import io.capstan.console.fx.PulseBudget;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogFeed;
import io.capstan.console.logs.LogPane;
import io.capstan.console.logs.LogPanes;
import io.capstan.console.logs.LogPaneView;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.console.logs.NoLogPaneEffects;
import io.capstan.console.shell.Theme;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;

/**
 * Scenario 3's measuring child JVM: a real log pane (or, as the baseline, a plain {@code TextArea}) in a real
 * scene on the Monocle headless platform, fed {@code lines} lines of about 100 bytes at {@code rate} lines a second
 * from another thread through the console's own feed and per-frame batcher. Prints one line of {@code key=value}
 * figures: frame intervals while ingesting (the FX pulse is 60 Hz, so a long interval is a frozen frame), heap held
 * per million lines after a full GC, and, for the pane, the time to search and to filter everything held.
 *
 * <p>With {@code CAPSTAN_FLOOD_FRAMES=file} set ({@code {mode}} in it is replaced by the mode, so one benchmark run
 * keeps each child's), it also writes one line per frame to that file, for looking at where
 * in a flood the long frames fall and what else happened then (decision records 96, 121): the JVM's uptime at the
 * frame's pulse in milliseconds (the clock of {@code -Xlog:gc*::uptime} and {@code -XX:+PrintCompilation}), the
 * interval since the pulse before, the FX thread's CPU time in between, the rows delivered to the pane and the
 * milliseconds its sink took for them, the render thread's CPU time in between, and the FX thread's CPU time in the
 * sink (a sink whose wall time is far above its CPU time waited for a core), and the FX thread's CPU time of the frame's
 * dearest single hand-over to the sink (a slice: what a pulse can overrun its budget by, decision record 153), and
 * the CPU milliseconds the hypervisor took from all cores in between (steal, in 10 ms ticks; decision record 171).
 *
 * <p>Arguments: {@code pane|console|textarea lines rate maxSeconds}; {@code console} is the pane opened in the
 * whole console's window ({@link ConsoleFloodPane}), {@code pane} the pane alone in a window of its own. Run it with
 * the display's system properties (the scenario
 * does); it is a separate JVM so that its heap figure is its own.
 */
public final class UiFloodMain {

    private static final String[] WORDS = {"GET", "POST", "/api/orders", "/api/cart", "200", "404", "ms", "cache",
        "miss", "hit", "worker", "queue", "retry", "db", "pool"};

    /** The flood's first two seconds, where a cold JIT's frames fall. */
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private UiFloodMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int lines = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        long maxNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        Holder h = new Holder();
        AtomicLong delivered = new AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // What the pane's batcher hands over each frame, measured on its way into the pane (or the TextArea).
        Consumer<List<LogEntry>> measured = batch -> {
            long t = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            h.sink.accept(batch);
            long spent = System.nanoTime() - t;
            long sliceCpu = threads.getCurrentThreadCpuTime() - cpu0;
            h.frameSinkCpuNanos += sliceCpu;
            h.frameMaxSliceCpuNanos = Math.max(h.frameMaxSliceCpuNanos, sliceCpu);
            h.sinkNanos += spent;
            h.frameSinkNanos += spent;
            h.frameRows += batch.size();
            delivered.addAndGet(batch.size());
        };
        ConsoleFloodPane console = mode.equals("console") ? new ConsoleFloodPane(measured) : null;
        // The frames from opening the pane (or showing its window) until it is drawn, measured apart from the flood's.
        List<Long> openingNanos = new ArrayList<>();
        AnimationTimer opening = intervals(openingNanos);
        if (console != null) {
            // The pane in the console's main window, opened once its deployments are drawn (decision record 146).
            console.show(UiFloodMain::onFxGet);
            onFx(opening::start);
            LogPane pane = console.openPane(UiFloodMain::onFxGet);
            h.model = pane.model();
            h.paneLoadNanos = console.paneLoadNanos();
            h.pulse = pane.view().pulseBudget();
            h.batcher = pane.batcher();
            h.sink = batch -> h.model.accept(batch);
        } else {
            // The theme first, as the console applies it before anything is drawn: the warm-up's off-screen pane
            // resolves the theme's colours as a real pane does (without it, it warmed CSS lookups that fail).
            onFx(Theme.LIGHT::apply);
            if (mode.equals("pane")) {
                // What the console does while its user reads its first list (decision records 145 and 167): the pane
                // alone is a pane as the console gives it, and the warm-up's cost is a figure of its own.
                CountDownLatch warmed = new CountDownLatch(1);
                long warmStart = System.nanoTime();
                onFx(() -> LogPanes.warmUp(new FxFrameClock(), warmed::countDown));
                if (!warmed.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the log pane warm-up did not end in 120 s");
                }
                h.warmUpNanos = System.nanoTime() - warmStart;
            }
            onFx(opening::start);
            onFx(() -> {
                Stage stage = new Stage();
                Parent root;
                if (mode.equals("pane")) {
                    // The console's background pool, as LogPanes gives a pane: the store's fresh arrays are made there.
                    h.model = new LogPaneViewModel("flood", new ExecutorBackground(FxThread.INSTANCE),
                            new NoLogPaneEffects(), Clock.systemUTC(), LogPaneViewModel.DEFAULT_CAPACITY);
                    long loadStart = System.nanoTime();
                    LogPaneView view = LogPaneView.load(h.model);
                    h.paneLoadNanos = System.nanoTime() - loadStart;
                    h.pulse = view.pulseBudget();
                    root = (Parent) view.root();
                    h.sink = batch -> h.model.accept(batch);
                } else {
                    TextArea area = new TextArea();
                    area.setEditable(false);
                    root = area;
                    StringBuilder text = new StringBuilder();
                    h.sink = batch -> {
                        text.setLength(0);
                        for (LogEntry entry : batch) {
                            text.append(entry.text()).append('\n');
                        }
                        area.appendText(text.toString());
                    };
                }
                Scene scene = new Scene(root, 1200, 800);
                Theme.style(scene);
                stage.setScene(scene);
                stage.show();
                h.batcher = LogPanes.rowBatcher(new FxFrameClock(), h.pulse != null ? h.pulse : new PulseBudget(System::nanoTime),
                        measured);
            });
        }
        // The flood starts into a pane already drawn, as a build's output starts after its pane has opened: the pane's
        // (or its window's) first paint, with every control's first render, is the opening's frame, not the flood's
        // (decision record 158). Whether it had been drawn was left to chance before: a pulse or two could fall
        // between opening the pane and the first lines.
        awaitPulses(3);
        onFx(opening::stop);
        long heapBefore = usedHeapAfterFullGc();

        List<Long> frameNanos = new ArrayList<>();
        List<Long> frameCpuNanos = new ArrayList<>();
        List<long[]> frameDetail = new ArrayList<>();
        long uptimeOrigin = System.nanoTime() - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        long[] lastPulse = {0, 0, 0, 0};
        String dump = System.getenv("CAPSTAN_FLOOD_FRAMES");
        // Only for the frame dump: /proc/stat read on every pulse (about 20 µs) is not put into the measured figures.
        boolean dumpFrames = dump != null;
        // JavaFX renders on a thread of its own; a pulse waits for the last frame's render, so its CPU is the frame's too.
        long renderer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        onFx(() -> {
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long renderCpu = renderer < 0 ? 0 : threads.getThreadCpuTime(renderer);
                    long stolen = dumpFrames ? Machine.stolenMillis() : 0;
                    if (lastPulse[0] != 0 && h.measuring) {
                        frameNanos.add(now - lastPulse[0]);
                        frameCpuNanos.add(cpu - lastPulse[1]);
                        frameDetail.add(new long[] {now - uptimeOrigin, h.frameRows, h.frameSinkNanos, renderCpu - lastPulse[2],
                                h.frameSinkCpuNanos, h.frameMaxSliceCpuNanos, stolen - lastPulse[3]});
                    }
                    h.frameRows = 0;
                    h.frameSinkNanos = 0;
                    h.frameSinkCpuNanos = 0;
                    h.frameMaxSliceCpuNanos = 0;
                    lastPulse[0] = now;
                    lastPulse[1] = cpu;
                    lastPulse[2] = renderCpu;
                    lastPulse[3] = stolen;
                }
            }.start();
        });
        LogFeed feed = new LogFeed(entry -> h.batcher.add(entry), rows -> h.batcher.addAll(rows), Clock.systemUTC());

        long stolenBefore = Machine.stolenMillis();
        long start = System.nanoTime();
        h.measuring = true;
        long produced = produce(feed, lines, rate, start, maxNanos);
        while (delivered.get() < produced && System.nanoTime() - start < maxNanos + TimeUnit.SECONDS.toNanos(30)) {
            onFx(() -> { });
            Thread.sleep(5);
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        h.measuring = false;
        long stolenAfter = Machine.stolenMillis();
        // The share of both cores' time the hypervisor took during the flood (docs/performance.md, session 15).
        double stolenShare = stolenBefore < 0 || stolenAfter < 0 ? Double.NaN
                : (stolenAfter - stolenBefore) / (ingestSeconds * 1000 * Runtime.getRuntime().availableProcessors());

        StringBuilder out = new StringBuilder();
        List<Long> frames = onFxGet(() -> List.copyOf(frameNanos));
        List<Long> frameCpu = onFxGet(() -> List.copyOf(frameCpuNanos));
        if (dumpFrames) {
            List<long[]> detail = onFxGet(() -> List.copyOf(frameDetail));
            StringBuilder csv = new StringBuilder(
                    "uptimeMs,frameMs,fxCpuMs,rows,sinkMs,renderCpuMs,sinkCpuMs,maxSliceCpuMs,stolenMs\n");
            for (int i = 0; i < frames.size(); i++) {
                long[] d = detail.get(i);
                csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%d,%.1f,%.1f,%.1f,%.1f,%d%n", ms(d[0]),
                        ms(frames.get(i)), ms(frameCpu.get(i)), d[1], ms(d[2]), ms(d[3]), ms(d[4]), ms(d[5]), d[6]));
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(dump.replace("{mode}", mode)), csv);
        }
        out.append(String.format(Locale.ROOT, "mode=%s produced=%d delivered=%d ingestSeconds=%.3f frames=%d maxFrameMs=%.1f"
                + " p99FrameMs=%.1f p50FrameMs=%.1f sinkMs=%.0f", mode, produced, delivered.get(), ingestSeconds, frames.size(),
                ms(percentile(frames, 100)), ms(percentile(frames, 99)), ms(percentile(frames, 50)), h.sinkNanos / 1e6));
        out.append(String.format(Locale.ROOT, " maxFrameCpuMs=%.1f p99FrameCpuMs=%.1f p50FrameCpuMs=%.1f fxCpuMs=%.0f",
                ms(percentile(frameCpu, 100)), ms(percentile(frameCpu, 99)), ms(percentile(frameCpu, 50)),
                frameCpu.stream().mapToLong(Long::longValue).sum() / 1e6));
        // The same figures without the first two seconds: a cold JIT's frames apart from the steady state's.
        int warm = 0;
        for (long at = 0; warm < frames.size() && at < WARM_UP_NANOS; warm++) {
            at += frames.get(warm);
        }
        List<Long> steady = frames.subList(warm, frames.size());
        List<Long> steadyCpu = frameCpu.subList(Math.min(warm, frameCpu.size()), frameCpu.size());
        List<Long> opened = onFxGet(() -> List.copyOf(openingNanos));
        out.append(String.format(Locale.ROOT, " stolenPercent=%.1f", stolenShare * 100));
        out.append(String.format(Locale.ROOT, " openingMaxFrameMs=%.1f openingFrames=%d", ms(percentile(opened, 100)),
                opened.size()));
        out.append(String.format(Locale.ROOT, " steadyMaxFrameMs=%.1f steadyP99FrameMs=%.1f steadyMaxFrameCpuMs=%.1f"
                + " steadyP99FrameCpuMs=%.1f", ms(percentile(steady, 100)), ms(percentile(steady, 99)),
                ms(percentile(steadyCpu, 100)), ms(percentile(steadyCpu, 99))));
        if (h.model != null) {
            long t0 = System.nanoTime();
            int matches = onFxGet(() -> {
                h.model.queryProperty().set("upstream");
                return h.model.matchCountProperty().get();
            });
            long searchNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            onFx(() -> h.model.filterProperty().set(true));
            onFx(() -> { });
            long filterNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            onFx(() -> h.model.filterProperty().set(false));
            onFx(() -> h.model.next());
            onFx(() -> { });
            long jumpNanos = System.nanoTime() - t0;
            out.append(String.format(Locale.ROOT, " searchMs=%.1f matches=%d filterMs=%.1f jumpMs=%.1f held=%d",
                    searchNanos / 1e6, matches, filterNanos / 1e6, jumpNanos / 1e6, h.model.heldCount()));
            out.append(String.format(Locale.ROOT, " paneLoadMs=%.1f warmUpMs=%.1f warmUpSteps=%d", h.paneLoadNanos / 1e6,
                    h.warmUpNanos / 1e6, onFxGet(LogPanes::warmUpSteps)));
        }
        long heapAfter = usedHeapAfterFullGc();
        double perMillion = (heapAfter - heapBefore) / (1024.0 * 1024.0) / Math.max(1, delivered.get()) * 1_000_000;
        out.append(String.format(Locale.ROOT, " heapMB=%.1f mbPerMillion=%.1f", (heapAfter - heapBefore) / (1024.0 * 1024.0),
                perMillion));
        System.out.println("RESULT " + out);
        System.out.flush();
        if (console != null) {
            console.close(UiFloodMain::onFxGet);
        }
        Platform.exit();
        System.exit(0);
    }

    /** Paces {@code lines} at {@code rate} a second in 1 ms slices; stops early at {@code maxNanos}. */
    private static long produce(LogFeed feed, int lines, int rate, long start, long maxNanos) throws InterruptedException {
        long seq = 0;
        StringBuilder text = new StringBuilder(128);
        long ts = Instant.now().toEpochMilli();
        while (seq < lines) {
            long elapsed = System.nanoTime() - start;
            if (elapsed > maxNanos) {
                break;
            }
            long due = Math.min(lines, elapsed * rate / 1_000_000_000L + 1);
            List<Line> batch = new ArrayList<>((int) Math.max(0, due - seq));
            while (seq < due) {
                seq++;
                text.setLength(0);
                text.append("worker-").append(seq % 7).append(' ');
                for (int i = 0; text.length() < 96; i++) {
                    text.append(WORDS[(int) ((seq * 31 + i * 7 + i * i) % WORDS.length)]).append(' ');
                }
                text.append(seq);
                if (seq % 1000 == 0) {
                    text.append(" upstream timeout");
                }
                batch.add(new Line(seq, Instant.ofEpochMilli(ts + seq / 100), seq % 50 == 0 ? LineStream.STDERR : LineStream.STDOUT,
                        text.toString()));
            }
            if (!batch.isEmpty()) {
                feed.lines(batch);
            }
            Thread.sleep(1);
        }
        return seq;
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * The used heap after two full collections. A {@code System.gc()} that meets the GC locker (the render path holds a
     * JNI critical region now and then) runs as a young collection instead ("GCLocker Initiated GC" in the GC log), and
     * the figure then counted garbage: the 160 to 320 MB "outliers" of this row. So it asks again until the old
     * generation's collector has run twice (at most 20 asks).
     */
    private static long usedHeapAfterFullGc() {
        java.util.List<java.lang.management.GarbageCollectorMXBean> collectors =
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        java.util.function.LongSupplier fullCollections = () -> collectors.stream()
                .filter(c -> c.getName().contains("Old") || c.getName().contains("MarkSweep"))
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        long wanted = fullCollections.getAsLong() + 2;
        for (int ask = 0; ask < 20 && fullCollections.getAsLong() < wanted; ask++) {
            System.gc();
        }
        return usedHeap();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A timer that adds the interval between each two pulses to {@code into}; start and stop it on the FX thread. */
    private static AnimationTimer intervals(List<Long> into) {
        return new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    into.add(now - last);
                }
                last = now;
            }
        };
    }

    /** Waits for {@code count} pulses: a pulse waits for the render of the one before, so the frames before are drawn. */
    private static void awaitPulses(int count) throws InterruptedException {
        CountDownLatch pulses = new CountDownLatch(count);
        onFx(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.countDown();
                if (pulses.getCount() == 0) {
                    stop();
                }
            }
        }.start());
        if (!pulses.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no pulses in 60 s");
        }
    }

    private static void onFx(Runnable work) throws InterruptedException {
        onFxGet(() -> {
            work.run();
            return null;
        });
    }

    private static <T> T onFxGet(java.util.concurrent.Callable<T> work) throws InterruptedException {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Platform.runLater(task);
        try {
            return task.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Holder {
        LogPaneViewModel model;
        Consumer<List<LogEntry>> sink;
        FrameBatcher<LogEntry> batcher;
        /** The pane's budget a pulse, shared by its batcher and its row view as in the console; null for the TextArea. */
        PulseBudget pulse;
        volatile boolean measuring;
        long sinkNanos;
        /** The console's off-screen warm-up, waited for before the pane alone is made (decision record 167). */
        long warmUpNanos;
        /** Making the pane (FXML, and the first time the log font drawn off screen: decision record 145). */
        long paneLoadNanos;
        /** Rows and sink time since the last pulse (FX thread only). */
        long frameRows;
        long frameSinkNanos;
        long frameSinkCpuNanos;
        /** The FX thread's CPU in the frame's dearest single call of the sink (FX thread only). */
        long frameMaxSliceCpuNanos;
    }
}
