package io.capstan.console.fx;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * A clock that runs {@code tick} on the FX thread at a fixed interval until its owner stops it: what uptimes, "next
 * try in 4 s" and running durations count with. A JavaFX {@link Timeline} that is never stopped keeps running, and
 * keeps its owner (a closed window, its view models, their agents' snapshots) reachable, for the life of the JVM; the
 * running ones are counted here so a test can see that closing a window left none behind.
 */
public final class Ticker {
    private static final Set<Ticker> RUNNING = ConcurrentHashMap.newKeySet();

    private final Timeline timeline;
    private final String owner;

    /** {@code owner} names it in {@link #runningOwners()}. */
    public Ticker(String owner, java.time.Duration every, Runnable tick) {
        this.owner = owner;
        this.timeline = new Timeline(new KeyFrame(Duration.millis(every.toMillis()), event -> tick.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
    }

    /** Starts it (again); FX thread. */
    public void start() {
        RUNNING.add(this);
        timeline.play();
    }

    /** Stops it; idempotent; FX thread. */
    public void stop() {
        timeline.stop();
        RUNNING.remove(this);
    }

    public boolean running() {
        return timeline.getStatus() == Animation.Status.RUNNING;
    }

    /** Who owns the tickers running now: for tests and for a leak's log line. */
    public static java.util.List<String> runningOwners() {
        return RUNNING.stream().map(t -> t.owner).sorted().toList();
    }
}
