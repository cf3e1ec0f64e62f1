package io.capstan.console.logs;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Paces how often a following pane moves to its newest rows while rows pour in: at once when they come slower than
 * the interval, else at most once an interval, and always once after the last of a burst (so the newest row is
 * never left unshown).
 *
 * <p>Why: moving the view replaces every row on screen, and that is most of a frame's work (about 15 ms here for a
 * full pane, against 3 ms to take in the frame's rows). A flood of 100,000 lines a second changes the rows every
 * frame; nobody reads at that speed, and ten moves a second look as live as sixty while leaving the other frames
 * nearly free (decision record 96).
 */
final class FollowPacer {

    /** How often a following pane moves under a flood: ten times a second. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final BiConsumer<Duration, Runnable> later;
    private final Runnable follow;
    private long lastNanos;
    private boolean moved;
    private boolean scheduled;

    /**
     * @param nanoTime the clock ({@code System::nanoTime})
     * @param later runs the task once after the delay, on the UI thread
     * @param follow moves the view to the newest row
     */
    FollowPacer(LongSupplier nanoTime, Duration interval, BiConsumer<Duration, Runnable> later, Runnable follow) {
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.intervalNanos = interval.toNanos();
        this.later = Objects.requireNonNull(later);
        this.follow = Objects.requireNonNull(follow);
    }

    /** Rows were added; call on the UI thread. */
    void rowsAdded() {
        if (scheduled) {
            return;
        }
        long now = nanoTime.getAsLong();
        long since = now - lastNanos;
        if (!moved || since >= intervalNanos) {
            move(now);
            return;
        }
        scheduled = true;
        later.accept(Duration.ofNanos(intervalNanos - since), () -> {
            scheduled = false;
            move(nanoTime.getAsLong());
        });
    }

    private void move(long now) {
        moved = true;
        lastNanos = now;
        follow.run();
    }
}
