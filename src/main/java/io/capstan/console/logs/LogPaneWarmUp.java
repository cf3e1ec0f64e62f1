package io.capstan.console.logs;

import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.FrameClock;
import io.capstan.console.fx.ManualFrameClock;
import io.capstan.console.fx.Stylesheets;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javafx.stage.Screen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a flood through a real log pane off screen, a frame's worth of rows per frame, while the user reads the
 * console's first list (decision record 167): the code a flood runs, on the UI thread and on the render thread, is
 * then compiled before the first real pane meets one.
 *
 * <p>Why: a flood into the first pane of a fresh console ran in the interpreter and the JIT's first tier for its
 * first second. The rows' text is drawn again only at each follow move (ten a second), so the render thread's text
 * code took a second or more to be compiled, and until then a move cost it 13 to 25 ms instead of 3 to 5: the frames
 * over 20 ms of the flood's first second (docs/performance.md, session 14).
 *
 * <p>Each step is what a pane does in one frame of a flood of 100,000 lines a second: a batch of lines through the
 * pane's own {@link LogFeed} and row batcher into its model, a follow move, and a {@code snapshot()} of the pane at a
 * usual size, which lays it out and draws it through the same pipeline, font strikes and code as the screen (see
 * {@link LogFontWarmUp}). Some lines carry ANSI colours and some are stderr, as builds' do. The pane is let go at the
 * end; only the compiled code stays.
 *
 * <p>A real pane made while the warm-up runs stops it: from then on the real pane warms the code, and the two would
 * only compete for the UI thread.
 */
final class LogPaneWarmUp {

    /** Frames of flood run off screen: about 1.2 s of the UI thread on the software pipeline, once per process. */
    static final int STEPS = 60;
    /** Rows a step: one frame's worth at 100,000 lines a second. */
    static final int ROWS_PER_STEP = 1_700;
    /** The pane's size off screen: a docked pane in a console window of usual size. */
    static final double WIDTH = 1200;
    static final double HEIGHT = 700;
    /** Rows the off-screen pane holds: past it, it trims, as a long flood does. */
    static final int CAPACITY = 20_000;

    private static final Logger log = LoggerFactory.getLogger(LogPaneWarmUp.class);
    private static final String[] WORDS = {"INFO", "WARN", "GET", "/api/orders", "200", "12ms", "build", "step", "ok",
        "layer", "cache", "=>", "[3/9]", "sha256:9f2c", "0x1f", "Downloading", "done", "worker-3", "retry", "{\"id\":42}"};
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    /** The warm-up running now, or null (FX thread only). */
    private static LogPaneWarmUp running;
    /** Set once a warm-up was started in this process: it never runs twice (FX thread only). */
    private static boolean started;
    /** The steps the last warm-up ran before it ended (FX thread only). */
    private static int lastSteps;

    /** The off-screen pane, made in the warm-up's first frame (so the font's frame is not also the pane's). */
    private LogPaneViewModel model;
    private LogPaneView view;
    private FrameBatcher<LogEntry> batcher;
    private LogFeed feed;
    private final SnapshotParameters params = new SnapshotParameters();
    private final Runnable whenDone;
    private final StringBuilder text = new StringBuilder(160);
    private final long firstTs = Instant.now().toEpochMilli();
    private AutoCloseable frames;
    private WritableImage image;
    private long seq;
    private int steps;
    private boolean finished;

    private LogPaneWarmUp(Runnable whenDone) {
        this.whenDone = whenDone;
    }

    /** Makes the off-screen pane: its FXML, its scene, the pane's own hand-off; in a frame of its own. */
    private void makePane() {
        model = new LogPaneViewModel("", new DirectBackground(), LogFontWarmUp.NO_EFFECTS, Clock.systemUTC(), CAPACITY);
        view = LogPaneView.load(model);
        new Scene((Parent) view.root(), WIDTH, HEIGHT).getStylesheets().add(Stylesheets.CONSOLE);
        // The pane's own hand-off, driven here one step at a time: a flood's rows reach a pane through it.
        batcher = LogPanes.rowBatcher(new ManualFrameClock(), view.pulseBudget(), model::accept);
        feed = new LogFeed(batcher::add, batcher::addAll, Clock.systemUTC());
        double scale = Screen.getPrimary().getOutputScaleX();
        params.setTransform(Transform.scale(scale, scale));
        params.setFill(Color.TRANSPARENT);
    }

    /**
     * Starts the warm-up on {@code frames}, one step a frame, unless one was started in this process; {@code whenDone}
     * runs on the UI thread when it has ended (all its steps, stopped, or failed), or at once if it will not run. Call on
     * the FX thread.
     */
    static void start(FrameClock frames, Runnable whenDone) {
        if (started) {
            whenDone.run();
            return;
        }
        started = true;
        begin(frames, whenDone);
    }

    /** Starts a warm-up whether or not one ran before (tests; {@link #start} runs one a process). */
    static LogPaneWarmUp begin(FrameClock frames, Runnable whenDone) {
        stop();
        LogPaneWarmUp warmUp = new LogPaneWarmUp(whenDone);
        running = warmUp;
        warmUp.frames = frames.onEachFrame(warmUp::step);
        return warmUp;
    }

    /** Stops a warm-up that is running (a real pane is being made); call on the FX thread. */
    static void stop() {
        if (running != null) {
            running.finish();
        }
    }

    /** Whether a warm-up is running now (for tests). */
    static boolean isRunning() {
        return running != null;
    }

    /** The steps the last warm-up to end ran (the benchmark reports it). */
    static int stepsRun() {
        return lastSteps;
    }

    /** The steps this warm-up ran so far. */
    int steps() {
        return steps;
    }

    /** Its off-screen pane's model (for tests). */
    LogPaneViewModel model() {
        return model;
    }

    /** Its off-screen pane's view (for tests). */
    LogPaneView view() {
        return view;
    }

    private void step() {
        if (finished) {
            return;
        }
        try {
            if (view == null) {
                // Before it counts as running for LogPaneView.load, which stops a running warm-up.
                running = null;
                makePane();
                running = this;
                return;
            }
            List<Line> lines = new ArrayList<>(ROWS_PER_STEP);
            for (int i = 0; i < ROWS_PER_STEP; i++) {
                lines.add(line());
            }
            feed.lines(lines);
            batcher.drain();
            view.followNow();
            image = view.root().snapshot(params, image);
            steps++;
        } catch (RuntimeException e) {
            log.warn("log pane warm-up stopped after {} steps", steps, e);
            finish();
            return;
        }
        if (steps >= STEPS) {
            finish();
        }
    }

    /** A line that looks like a build's or a service's: words, numbers, punctuation; some coloured, some stderr. */
    private Line line() {
        seq++;
        text.setLength(0);
        boolean coloured = seq % 20 == 0;
        if (coloured) {
            text.append(GREEN);
        }
        text.append(seq % 7 == 0 ? "WARN " : "INFO ");
        for (int w = 0; text.length() < 80 + (int) (seq % 37); w++) {
            text.append(WORDS[(int) ((seq * 13 + w * 5 + w * w) % WORDS.length)]).append(' ');
        }
        text.append(seq);
        if (coloured) {
            text.append(RESET);
        }
        LineStream stream = seq % 50 == 0 ? LineStream.STDERR : LineStream.STDOUT;
        return new Line(seq, Instant.ofEpochMilli(firstTs + seq / 100), stream, text.toString());
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (running == this) {
            running = null;
        }
        lastSteps = steps;
        try {
            frames.close();
        } catch (Exception e) {
            log.debug("closing the warm-up's frame callback", e);
        }
        if (view != null) {
            batcher.close();
            view.dispose();
        }
        image = null;
        whenDone.run();
    }
}
