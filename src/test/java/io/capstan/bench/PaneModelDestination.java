package io.capstan.bench;

import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.ManualFrameClock;
import io.capstan.console.fx.PulseBudget;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogFeed;
import io.capstan.console.logs.LogPanes;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.console.logs.NoLogPaneEffects;
import io.capstan.protocol.Line;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2's console row: lines go through the console's own path into a log pane model, as in a pane: the
 * {@link LogFeed} on the stream's thread, the per-frame {@link FrameBatcher} (the console's time budget a frame), and
 * {@link LogPaneViewModel#accept} on a single "UI" thread ticking at 60 frames a second. No window is drawn here
 * (scenario 3 measures that); this row is the model's intake.
 */
final class PaneModelDestination implements LogDestination {

    private final ScheduledExecutorService ui = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-pane-ui");
        t.setDaemon(true);
        return t;
    });
    private final ManualFrameClock frames = new ManualFrameClock();
    private final LogPaneViewModel model = new LogPaneViewModel("bench", new DirectBackground(), new NoLogPaneEffects(),
            Clock.systemUTC(), LogPaneViewModel.DEFAULT_CAPACITY);
    private final FrameBatcher<LogEntry> batcher;
    private final LogFeed feed;
    private volatile long lastSeq;

    PaneModelDestination() {
        // No row view here: the pulse budget is the batcher's alone (its whole share for taking rows in).
        batcher = LogPanes.rowBatcher(frames, new PulseBudget(System::nanoTime), this::accept);
        feed = new LogFeed(batcher::add, batcher::addAll, Clock.systemUTC()); // as LogPanes wires a pane
        ui.scheduleAtFixedRate(frames::tick, 16_667, 16_667, TimeUnit.MICROSECONDS);
    }

    private void accept(List<LogEntry> batch) {
        model.accept(batch);
        lastSeq = batch.get(batch.size() - 1).seq();
    }

    @Override
    public String name() {
        return "the console's log pane model";
    }

    @Override
    public Target target() {
        return Target.atLeast(250_000);
    }

    @Override
    public void onLine(Line line) {
        feed.line(line);
    }

    @Override
    public void onLines(List<Line> lines) {
        feed.lines(lines);
    }

    @Override
    public boolean holds(long seq) {
        return lastSeq >= seq;
    }

    @Override
    public void close() {
        ui.shutdownNow();
    }
}
