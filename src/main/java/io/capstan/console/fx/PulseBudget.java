package io.capstan.console.fx;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One wall-clock budget for a log pane's own work in a pulse, shared by its two parts: taking rows in (the
 * {@link FrameBatcher}, first thing in the pulse) and drawing rows (the row view, in the layout pass after CSS).
 *
 * <p>Why one: two budgets of their own (12 ms of ingest, 6 ms of drawing) could add up to more than a 16.7 ms pulse
 * before CSS, layout and the hand-over to the render thread had run, and a pulse that overruns is a 33 ms frame. Here
 * taking rows in stops where the pulse's {@link #SHARE} ends less what drawing is expected to need, and drawing gets what
 * the pulse has left, measured when it starts (so it also counts what CSS and layout took before it). Neither can starve
 * the other for good: taking rows in always gets {@link #INGEST_FLOOR} (and its batcher at least one slice), so rows
 * always arrive; drawing always gets {@link #DRAW_FLOOR} (and its view at least one row), so the rows on screen always
 * catch up (decision record 143, with the arithmetic).
 *
 * <p>Use on the UI thread. The batcher calls {@link #pulseStarted} every pulse, the view {@link #drawDeadline} and
 * {@link #drew} when it draws and {@link #pulseEnded} after each layout pass.
 */
public final class PulseBudget {

    /**
     * The pane's share of a 16.7 ms pulse. The rest is for CSS and layout of everything else, handing the scene to the
     * render thread (about 1 ms), and a few milliseconds of slack for a late wake-up, a collection or another pane.
     */
    public static final Duration SHARE = Duration.ofMillis(10);
    /** The least time taking rows in gets a pulse, however much the pulse has spent: 2 ms is some 5,000 rows, warm. */
    public static final Duration INGEST_FLOOR = Duration.ofMillis(2);
    /** The least time drawing gets a pulse, however much the pulse has spent. */
    public static final Duration DRAW_FLOOR = Duration.ofMillis(2);
    /**
     * Drawing in a pulse that took no rows in (a scroll, a search, a resize, a pane nothing floods): no ingest to share
     * with, so the most one layout draws, as before there was a shared budget (decision record 121).
     */
    public static final Duration DRAW_ALONE = Duration.ofMillis(6);
    /** The most of the share kept back for drawing: a follow move redraws every row on screen, 2 to 3 ms warm. */
    static final Duration DRAW_RESERVE_CAP = Duration.ofMillis(4);

    private final LongSupplier clock;
    private final long share;
    private long pulseStart;
    private boolean inPulse;
    /** What drawing took lately: the most of the recent draws, decaying by an eighth a pulse. */
    private long drawEstimate;

    /** @param clock the wall clock ({@code System::nanoTime}; tests hand in their own) */
    public PulseBudget(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock);
        this.share = SHARE.toNanos();
    }

    /** The wall clock the budget is counted on. */
    public long now() {
        return clock.getAsLong();
    }

    /** A pulse began and the pane's work in it starts now. */
    public void pulseStarted() {
        pulseStart = clock.getAsLong();
        inPulse = true;
        drawEstimate -= drawEstimate / 8;
    }

    /** How long taking rows in may go on from now: the share left less what drawing is expected to need. */
    public long ingestNanos() {
        long left = share - (clock.getAsLong() - pulseStart) - Math.min(drawEstimate, DRAW_RESERVE_CAP.toNanos());
        return Math.max(INGEST_FLOOR.toNanos(), left);
    }

    /** The clock reading by which drawing stops: the end of the share, or the floor from now if it has passed. */
    public long drawDeadline() {
        long now = clock.getAsLong();
        if (!inPulse) {
            return now + DRAW_ALONE.toNanos();
        }
        return Math.max(pulseStart + share, now + DRAW_FLOOR.toNanos());
    }

    /** Drawing took {@code nanos}; the next pulses keep that much of the share back for it. */
    public void drew(long nanos) {
        drawEstimate = Math.max(drawEstimate, nanos);
    }

    /** The layout pass is over: drawing after it, until the next pulse starts, is drawing alone. */
    public void pulseEnded() {
        inPulse = false;
    }
}
