package io.capstan.client.logs;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Interleaves the lines of several services by their timestamps, keeping each service's own order: a k-way merge of
 * per-service queues with a reorder window. A line is held until it has waited {@code window} (from its arrival, or
 * from the moment the last source came back, whichever is later) and no source is (re)connecting, so a service whose
 * connection is slower, or which is replaying what it missed during a cut, still gets its older lines in before the
 * others' newer ones. A source that stays down holds nothing longer than {@code maxHold}, and more than {@code cap}
 * held lines are let go oldest first: a live view never stalls and memory stays bounded. A line is never dropped,
 * only, in those two cases, shown a little out of time order.
 *
 * <p>Gaps, new epochs and state changes travel in their service's queue, so they come out exactly between the lines
 * they separate. Pure apart from calling {@link Out}; the caller passes the time and serialises the calls (the
 * delivering thread calls {@code Out} under that same serialisation, so output never overlaps and keeps its order).
 */
final class LineMerge {

    /** Where merged items go, in order. */
    interface Out {
        void line(String service, Line line);

        void gap(String service, long from, long to);

        void newEpoch(String service, String epoch);

        void state(String service, StreamState state);
    }

    private record Item(Line line, long from, long to, String epoch, StreamState state, long arrived, long order) {
    }

    private static final class Source {
        final String name;
        final ArrayDeque<Item> queue = new ArrayDeque<>();
        Source(String name) {
            this.name = name;
        }

        boolean down = true;
        boolean removed;
    }

    private final long window;
    private final long maxHold;
    private final int cap;
    private final Out out;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private long settledAt;
    private long order;
    private int held;

    LineMerge(Duration window, Duration maxHold, int cap, Out out) {
        this.window = window.toMillis();
        this.maxHold = Math.max(this.window, maxHold.toMillis());
        this.cap = cap;
        this.out = Objects.requireNonNull(out);
    }

    /** A new source starts down (connecting) until its state says live. */
    void addSource(String service, long now) {
        Source existing = sources.get(service);
        if (existing != null && !existing.removed) return;
        Source source = existing != null ? existing : new Source(service);
        source.removed = false;
        source.down = true;
        sources.put(service, source);
        settledAt = Math.max(settledAt, now);
    }

    /** The source's queued items still come out in turn; it stops holding the others back at once. */
    void removeSource(String service) {
        Source source = sources.get(service);
        if (source == null) return;
        source.removed = true;
        source.down = false;
        if (source.queue.isEmpty()) sources.remove(service);
    }

    void line(String service, Line line, long now) {
        enqueue(service, new Item(line, 0, 0, null, null, now, order++));
    }

    void gap(String service, long from, long to, long now) {
        enqueue(service, new Item(null, from, to, null, null, now, order++));
    }

    void newEpoch(String service, String epoch, long now) {
        enqueue(service, new Item(null, 0, 0, epoch, null, now, order++));
    }

    /** Live ends a source's outage (the others' lines wait one more window for its replay); any retry starts one. */
    void state(String service, StreamState state, long now) {
        Source source = sources.get(service);
        if (source == null) return;
        boolean down = state instanceof StreamState.Connecting || state instanceof StreamState.WaitingToRetry;
        if (source.down && !down) settledAt = Math.max(settledAt, now);
        if (!source.removed) source.down = down;
        enqueue(service, new Item(null, 0, 0, null, state, now, order++));
    }

    private void enqueue(String service, Item item) {
        Source source = sources.get(service);
        if (source == null) return;
        source.queue.add(item);
        if (item.line() != null) held++;
    }

    /** Lines held now (for tests and the pane's notes). */
    int held() {
        return held;
    }

    /** Lets out everything that is due at {@code now}, in order. */
    void drain(long now) {
        boolean anyDown = sources.values().stream().anyMatch(s -> s.down);
        while (true) {
            releaseMarkers();
            Source next = null;
            boolean allHaveLines = true;
            for (Source source : sources.values()) {
                Item head = source.queue.peek();
                if (head == null) {
                    if (!source.removed) allHaveLines = false;
                    continue;
                }
                if (next == null || earlier(head, next.queue.peek())) next = source;
            }
            if (next == null) return;
            Item head = next.queue.peek();
            boolean due = now >= Math.max(head.arrived(), settledAt) + window && !anyDown
                    || now >= head.arrived() + maxHold
                    || held > cap
                    || allHaveLines && !anyDown;
            if (!due) {
                // An older head elsewhere may be due even if the earliest is not: any due head lets the earliest go.
                if (!anyHeadDue(now, anyDown)) return;
            }
            next.queue.poll();
            held--;
            out.line(next.name, head.line());
        }
    }

    private boolean anyHeadDue(long now, boolean anyDown) {
        for (Source source : sources.values()) {
            Item head = source.queue.peek();
            if (head != null && (now >= Math.max(head.arrived(), settledAt) + window && !anyDown
                    || now >= head.arrived() + maxHold)) {
                return true;
            }
        }
        return false;
    }

    /** Gaps, epochs and states at the head of a queue go out at once: they belong right after what came before. */
    private void releaseMarkers() {
        var it = sources.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Source> entry = it.next();
            Source source = entry.getValue();
            Item head;
            while ((head = source.queue.peek()) != null && head.line() == null) {
                source.queue.poll();
                if (head.state() != null) {
                    out.state(entry.getKey(), head.state());
                } else if (head.epoch() != null) {
                    out.newEpoch(entry.getKey(), head.epoch());
                } else {
                    out.gap(entry.getKey(), head.from(), head.to());
                }
            }
            if (source.removed && source.queue.isEmpty()) it.remove();
        }
    }

    private static boolean earlier(Item a, Item b) {
        long ta = a.line().ts() == null ? 0 : a.line().ts().toEpochMilli();
        long tb = b.line().ts() == null ? 0 : b.line().ts().toEpochMilli();
        return ta != tb ? ta < tb : a.order() < b.order();
    }
}
