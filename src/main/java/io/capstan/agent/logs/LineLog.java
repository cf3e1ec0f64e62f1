package io.capstan.agent.logs;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Numbered lines with head and tail retention. The producer appends (never blocks on readers); readers pull
 * by sequence number, so reading the retained lines and waiting for live ones use one cursor and there is no
 * stitching gap. A line is published (visible to readers) only after the {@link Store} has written it.
 */
public final class LineLog implements LineSink {

    /** Where lines are written before they become visible; may throw to signal a failed write. */
    @FunctionalInterface
    public interface Store {
        void write(Line line);
    }

    /** What a reader gets: an optional gap (lines no longer retained) followed by lines in order. */
    public record Chunk(Gap gap, List<Line> lines) {
        public boolean isEmpty() {
            return gap == null && lines.isEmpty();
        }
    }

    /** Lines {@code from..to} are not retained. */
    public record Gap(long from, long to) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int headMax;
    private final int tailMax;
    private final int lineMaxBytes;
    private final Store store;
    private final Clock clock;
    private final List<Line> head = new ArrayList<>();
    private final List<Line> tail = new ArrayList<>();
    private int tailStart;
    private long last;
    private boolean closed;

    public LineLog(int headMax, int tailMax, int lineMaxBytes, Store store, Clock clock) {
        this.headMax = Math.max(0, headMax);
        this.tailMax = Math.max(1, tailMax);
        this.lineMaxBytes = Math.max(16, lineMaxBytes);
        this.store = store;
        this.clock = clock;
    }

    /** The marker that ends a cut line; N is the number of bytes left out. */
    public static String truncationMarker(long droppedBytes) {
        return LineSink.truncationMarker(droppedBytes);
    }

    @Override
    public void line(LineStream stream, String text) {
        append(stream, text);
    }

    /** Numbers, stores and publishes one line; returns it, or null when the log is closed. */
    public Line append(LineStream stream, String text) {
        String t = cut(text == null ? "" : text);
        lock.lock();
        try {
            if (closed) return null;
            Line line = new Line(last + 1, Timestamps.millis(clock.instant()), stream, t);
            if (store != null) store.write(line);
            keep(line);
            return line;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back a line read from storage (its own seq and time), without storing it again. */
    public void restore(Line line) {
        lock.lock();
        try {
            if (line.seq() != last + 1) return;
            keep(line);
        } finally {
            lock.unlock();
        }
    }

    private void keep(Line line) {
        last = line.seq();
        if (line.seq() <= headMax) {
            head.add(line);
        } else {
            tail.add(line);
            if (tail.size() - tailStart > tailMax) {
                tailStart++;
                if (tailStart > tailMax) {
                    tail.subList(0, tailStart).clear();
                    tailStart = 0;
                }
            }
        }
        changed.signalAll();
    }

    private String cut(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= lineMaxBytes) return text;
        int keepBytes = Math.max(0, lineMaxBytes - 64);
        // Back off to a character boundary.
        while (keepBytes > 0 && (bytes[keepBytes] & 0xC0) == 0x80) keepBytes--;
        String kept = new String(bytes, 0, keepBytes, StandardCharsets.UTF_8);
        return kept + truncationMarker(bytes.length - keepBytes);
    }

    /** Up to {@code max} retained lines with seq greater than {@code after}, preceded by a gap if some were dropped. */
    public Chunk read(long after, int max) {
        lock.lock();
        try {
            List<Line> out = new ArrayList<>();
            Gap gap = null;
            long cursor = Math.max(0, after);
            while (cursor < head.size() && out.size() < max) {
                out.add(head.get((int) cursor));
                cursor++;
            }
            long firstTail = firstTailSeq();
            if (out.size() < max && cursor < last) {
                if (cursor + 1 < firstTail) {
                    if (!out.isEmpty()) return new Chunk(null, out);
                    gap = new Gap(cursor + 1, firstTail - 1);
                    cursor = firstTail - 1;
                }
                while (cursor < last && out.size() < max) {
                    out.add(tail.get(tailStart + (int) (cursor + 1 - firstTail)));
                    cursor++;
                }
            }
            return new Chunk(gap, out);
        } finally {
            lock.unlock();
        }
    }

    private long firstTailSeq() {
        if (tail.size() == tailStart) return last + 1;
        return tail.get(tailStart).seq();
    }

    /** Waits until a line after {@code after} exists, the log is closed, or the time is up. */
    public void awaitAfter(long after, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (last <= after && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more lines will come; wakes all readers. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The seq of the last line (the number of lines produced). */
    public long lastSeq() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /** How many lines are no longer retained. */
    public long dropped() {
        lock.lock();
        try {
            long firstTail = firstTailSeq();
            long gapFrom = head.size() + 1L;
            return Math.max(0, firstTail - gapFrom);
        } finally {
            lock.unlock();
        }
    }
}
