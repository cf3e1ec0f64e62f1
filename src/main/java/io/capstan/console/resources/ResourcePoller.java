package io.capstan.console.resources;

import io.capstan.console.fx.Background;
import io.capstan.protocol.Messages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * Keeps the resource histories of what a view shows (a deployment's services, or one service) current by asking the
 * agent once its sampling interval for what is new: one request per view per interval, never one per row, and one
 * {@link #revisionProperty() revision} bump per answer, so a view redraws once per poll however many samples came
 * (no per-sample scene-graph churn). Driven by the main window's one-second tick; the request itself runs on the
 * {@link Background}. UI thread only.
 */
public final class ResourcePoller {
    /** Until an answer says otherwise: the agent's default interval. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** The blocking call that gets the series after {@code since} (null: everything the agent keeps). */
    @FunctionalInterface
    public interface Fetch {
        List<Messages.ResourceSeries> after(Instant since);
    }

    private final Background background;
    private final Clock clock;
    private final Map<String, ResourceHistory> histories = new HashMap<>();
    private final LongProperty revision = new SimpleLongProperty(this, "revision");
    private Fetch fetch;
    /** Changes with every {@link #show}: an answer to an earlier one is dropped. */
    private Object generation = new Object();
    private boolean inFlight;
    private Instant lastPoll;
    private Duration interval = DEFAULT_INTERVAL;

    public ResourcePoller(Background background, Clock clock) {
        this.background = background;
        this.clock = clock;
    }

    /** Shows what {@code next} fetches from now on (null: nothing), starting with a fetch of the whole hour. */
    public void show(Fetch next) {
        fetch = next;
        histories.clear();
        generation = new Object();
        inFlight = false;
        lastPoll = null;
        revision.set(revision.get() + 1);
        tick();
    }

    /** Polls when an interval has passed since the last poll and none is in flight. */
    public void tick() {
        if (fetch == null || inFlight) {
            return;
        }
        Instant now = clock.instant();
        if (lastPoll != null && now.isBefore(lastPoll.plus(interval))) {
            return;
        }
        poll(now);
    }

    /** A service's samples as last polled; empty when none came. */
    public ResourceTrace trace(String service) {
        ResourceHistory h = histories.get(service);
        return h == null ? ResourceTrace.EMPTY : h.trace();
    }

    /** Bumped once per answer that changed anything (and on {@link #show}). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision;
    }

    private void poll(Instant now) {
        inFlight = true;
        lastPoll = now;
        Object asked = generation;
        Fetch f = fetch;
        // One interval back from the newest held: samples of the round the agent was writing while it answered the
        // last poll are not missed; the overlap is dropped by the histories.
        Instant newest = newest();
        Instant since = newest == null ? null : newest.minus(interval);
        try {
            submit(f, since, asked);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The console is closing (its background is shut): nothing is polled any more.
            fetch = null;
        }
    }

    private void submit(Fetch f, Instant since, Object asked) {
        background.submit(() -> f.after(since), answer -> {
            if (asked != generation) {
                return;
            }
            inFlight = false;
            apply(answer);
        }, failure -> {
            if (asked == generation) {
                inFlight = false;
            }
        });
    }

    private void apply(List<Messages.ResourceSeries> answer) {
        boolean changed = false;
        for (Messages.ResourceSeries s : answer) {
            if (s.intervalMillis() > 0) {
                interval = Duration.ofMillis(s.intervalMillis());
            }
            changed |= histories.computeIfAbsent(s.service(), k -> new ResourceHistory(Duration.ofHours(1))).add(s.samples());
        }
        if (changed) {
            revision.set(revision.get() + 1);
        }
    }

    private Instant newest() {
        Instant newest = null;
        for (ResourceHistory h : histories.values()) {
            Instant n = h.newest();
            if (n != null && (newest == null || n.isAfter(newest))) {
                newest = n;
            }
        }
        return newest;
    }
}
