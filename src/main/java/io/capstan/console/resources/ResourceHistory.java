package io.capstan.console.resources;

import io.capstan.protocol.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * What the console keeps of one service's samples: those of the last {@code span} (an hour, as the agent keeps), older
 * ones dropped as new ones come, and a sample at or before the newest held never added twice (a poll that overlaps
 * the one before). Read as a {@link ResourceTrace}. UI thread only.
 */
public final class ResourceHistory {
    private final Duration span;
    private final Deque<ResourceSample> samples = new ArrayDeque<>();
    private ResourceTrace trace = ResourceTrace.EMPTY;

    public ResourceHistory(Duration span) {
        this.span = span;
    }

    /** Appends {@code more} (oldest first); returns true when anything changed. */
    public boolean add(Iterable<ResourceSample> more) {
        boolean changed = false;
        for (ResourceSample s : more) {
            if (!samples.isEmpty() && !s.at().isAfter(samples.peekLast().at())) {
                continue;
            }
            samples.addLast(s);
            changed = true;
        }
        if (samples.isEmpty()) {
            return false;
        }
        Instant oldest = samples.peekLast().at().minus(span);
        while (samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
            changed = true;
        }
        if (changed) {
            trace = ResourceTrace.of(new ArrayList<>(samples));
        }
        return changed;
    }

    /** The newest sample's time: where the next poll continues ({@code since}); null when none is held. */
    public Instant newest() {
        return samples.isEmpty() ? null : samples.peekLast().at();
    }

    public ResourceTrace trace() {
        return trace;
    }
}
