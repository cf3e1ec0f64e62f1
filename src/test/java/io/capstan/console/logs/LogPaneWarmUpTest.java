package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.console.fx.ManualFrameClock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The off-screen flood (decision record 167) only compiles a flood's code if it runs a flood's code: rows through the
 * pane's feed and batcher into its model, past its capacity, with the view following the newest; and it must end by
 * itself, give its frames back and never run twice, nor go on once a real pane is made.
 */
class LogPaneWarmUpTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void runsAFrameOfFloodAFrameThroughTheRealPaneThenLetsGoOfItsFrames() throws Exception {
        ManualFrameClock frames = new ManualFrameClock();
        AtomicInteger done = new AtomicInteger();
        LogPaneWarmUp warmUp = fx(() -> LogPaneWarmUp.begin(frames, done::incrementAndGet));
        assertThat(warmUp).isNotNull();
        assertThat(frames.listeners()).as("one step a frame").isEqualTo(1);

        tick(frames);
        assertThat(warmUp.steps()).as("its first frame makes the pane").isZero();
        assertThat(warmUp.view()).isNotNull();
        assertThat(fx(LogPaneWarmUp::isRunning)).isTrue();
        tick(frames);
        assertThat(warmUp.steps()).isEqualTo(1);
        // The pane's batcher takes what its frame budget allows (its first frame, a first batch), as in a real flood.
        assertThat(fx(() -> warmUp.model().heldCount())).as("rows taken in").isBetween(1, LogPaneWarmUp.ROWS_PER_STEP);

        for (int i = 1; i < LogPaneWarmUp.STEPS; i++) {
            tick(frames);
        }
        assertThat(warmUp.steps()).isEqualTo(LogPaneWarmUp.STEPS);
        assertThat(done).as("told once when it ended").hasValue(1);
        assertThat(frames.listeners()).as("its frame callback removed").isZero();
        assertThat(fx(LogPaneWarmUp::isRunning)).isFalse();
        assertThat(fx(LogPaneWarmUp::stepsRun)).isEqualTo(LogPaneWarmUp.STEPS);

        // The rows went through the whole pane, in order, and the view followed to the newest. How many the batcher
        // took a frame is its budget's call (fewer on a loaded machine), as in a real flood.
        long produced = (long) LogPaneWarmUp.STEPS * LogPaneWarmUp.ROWS_PER_STEP;
        long taken = fx(() -> warmUp.model().droppedCount() + warmUp.model().heldCount());
        assertThat(taken).isGreaterThan(LogPaneWarmUp.ROWS_PER_STEP).isLessThanOrEqualTo(produced);
        assertThat(fx(() -> warmUp.model().heldCount())).isLessThanOrEqualTo(LogPaneWarmUp.CAPACITY);
        List<LogEntry> shown = fx(() -> warmUp.view().visibleRows());
        assertThat(shown).as("rows on screen off screen").hasSizeGreaterThan(10);
        assertThat(shown.get(shown.size() - 1).seq()).as("following: the newest row at the bottom").isEqualTo(taken);
        assertThat(shown).as("coloured lines among them, as builds print")
                .anyMatch(row -> !row.runs().isEmpty());

        tick(frames);
        assertThat(warmUp.steps()).as("nothing after its end").isEqualTo(LogPaneWarmUp.STEPS);
    }

    @Test
    void stopsWhenARealPaneIsMadeAndTellsOnce() throws Exception {
        ManualFrameClock frames = new ManualFrameClock();
        AtomicInteger done = new AtomicInteger();
        LogPaneWarmUp warmUp = fx(() -> LogPaneWarmUp.begin(frames, done::incrementAndGet));
        for (int i = 0; i < 4; i++) {
            tick(frames);
        }
        fx(() -> LogPaneView.load(new LogPaneViewModel("real", new io.capstan.console.fx.DirectBackground(),
                LogFontWarmUp.NO_EFFECTS, java.time.Clock.systemUTC(), 1_000)));
        assertThat(fx(LogPaneWarmUp::isRunning)).as("a real pane made stops it").isFalse();
        fx(() -> {
            LogPaneWarmUp.stop();
            return null;
        });
        assertThat(done).as("told once").hasValue(1);
        assertThat(frames.listeners()).isZero();
        assertThat(warmUp.steps()).isEqualTo(3);
        assertThat(fx(LogPaneWarmUp::stepsRun)).isEqualTo(3);
        tick(frames);
        assertThat(warmUp.steps()).isEqualTo(3);
    }

    @Test
    void theConsolesCloseStopsIt() throws Exception {
        ManualFrameClock frames = new ManualFrameClock();
        AtomicInteger done = new AtomicInteger();
        LogPaneWarmUp warmUp = fx(() -> LogPaneWarmUp.begin(frames, done::incrementAndGet));
        tick(frames);
        tick(frames);
        fx(() -> {
            LogPanes.stopWarmUp();
            return null;
        });
        assertThat(fx(LogPaneWarmUp::isRunning)).isFalse();
        assertThat(done).as("told once").hasValue(1);
        assertThat(frames.listeners()).as("its frames given back").isZero();
        tick(frames);
        assertThat(warmUp.steps()).as("no step after the close").isEqualTo(1);
    }

    @Test
    void runsOncePerProcess() throws Exception {
        ManualFrameClock first = new ManualFrameClock();
        ManualFrameClock second = new ManualFrameClock();
        AtomicInteger firstDone = new AtomicInteger();
        AtomicInteger secondDone = new AtomicInteger();
        fx(() -> {
            LogPaneWarmUp.start(first, firstDone::incrementAndGet);
            LogPaneWarmUp.start(second, secondDone::incrementAndGet);
            return null;
        });
        assertThat(secondDone).as("a second start ends at once").hasValue(1);
        assertThat(second.listeners()).isZero();
        // The first ran unless this process had run one before (another test's console): either way it ends.
        assertThat(first.listeners() + firstDone.get()).isEqualTo(1);
        fx(() -> {
            LogPaneWarmUp.stop();
            return null;
        });
        assertThat(firstDone).hasValue(1);
    }

    private static void tick(ManualFrameClock frames) throws Exception {
        fx(() -> {
            frames.tick();
            return null;
        });
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        javafx.application.Platform.runLater(task);
        return task.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
