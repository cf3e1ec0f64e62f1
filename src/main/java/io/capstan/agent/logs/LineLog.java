package io.capstan.agent.logs;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Numbered lines with head and tail retention. The producer appends (never blocks on readers); readers pull
 * by sequence number, so reading the retained lines and waiting for live ones use one cursor and there is no
 * stitching gap. A line is published (visible to readers) only after the {@link Store} has written it; a line the
 * store could not write keeps its number but is never visible: readers get a gap for it, like for the lines that
 * retention dropped. Any run of numbers that is not held is a gap, wherever it is.
 */
public final class LineLog implements LineSink {

    /** Where lines are written before they become visible. */
    @FunctionalInterface
    public interface Store {
        /** True when the line was written; false when it is lost (the store reports why, once). */
        boolean write(Line line);

        /**
         * Writes consecutive lines, in order, at once where the store can (one write for a batch); returns those
         * written (all: the list itself), the others are lost.
         */
        default List<Line> write(List<Line> lines) {
            List<Line> written = new ArrayList<>(lines.size());
            for (Line l : lines) {
                if (write(l)) written.add(l);
            }
            return written;
        }
    }

    /**
     * Where lines that left memory (or never were in it) can still be read: the job's files. Memory is then a cache
     * of the newest lines, and a gap is only what storage does not hold.
     */
    public interface Backing {
        /**
         * Up to {@code max} stored lines with {@code after < seq <= upTo}, in order; numbers storage does not hold are
         * left out. Called without the log's lock held, only for lines already published.
         */
        List<Line> read(long after, long upTo, int max);

        /** How many lines storage holds. */
        long held();
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

    /** Characters of text one {@link #read} collects at most from storage and memory together (past its first read). */
    private static final long READ_CHARS = 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int headMax;
    private final int tailMax;
    private final long tailMaxBytes;
    private final int lineMaxBytes;
    private final Store store;
    private final Backing backing;
    private final Clock clock;
    /** Held lines numbered up to {@code headMax}, in order; numbers may be missing (lost lines). */
    private final List<Line> head = new ArrayList<>();
    /** Held lines after the head, in order, from {@code tailStart}; numbers may be missing. */
    private final List<Line> tail = new ArrayList<>();
    private int tailStart;
    /** Estimated heap bytes of the lines in the tail. */
    private long tailBytes;
    private long last;
    private boolean closed;

    /** A log held in memory only (head and tail), every line kept that fits. */
    public LineLog(int headMax, int tailMax, int lineMaxBytes, Store store, Clock clock) {
        this(headMax, tailMax, Long.MAX_VALUE, lineMaxBytes, store, null, clock);
    }

    /**
     * A log whose tail is bounded in lines and in (estimated) heap bytes; with a {@code backing}, readers behind the
     * lines held in memory are served from it.
     */
    public LineLog(int headMax, int tailMax, long tailMaxBytes, int lineMaxBytes, Store store, Backing backing,
                   Clock clock) {
        this.headMax = Math.max(0, headMax);
        this.tailMax = Math.max(1, tailMax);
        this.tailMaxBytes = Math.max(1, tailMaxBytes);
        this.lineMaxBytes = Math.max(16, lineMaxBytes);
        this.store = store;
        this.backing = backing;
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

    /**
     * Numbers, stores and publishes lines a producer has in hand together (a pump's read): one timestamp, one
     * store write and one wake-up of the readers for all of them, where each line alone would pay its own
     * (decision record 62). They become visible together, once all are written.
     */
    @Override
    public void lines(LineStream stream, List<String> texts) {
        if (texts.isEmpty()) return;
        List<Line> batch = new ArrayList<>(texts.size());
        lock.lock();
        try {
            if (closed) return;
            Instant ts = Timestamps.millis(clock.instant());
            for (String text : texts) batch.add(new Line(last + 1 + batch.size(), ts, stream, cut(text == null ? "" : text)));
            List<Line> written = store == null ? batch : store.write(batch);
            for (Line l : written) keep(l);
            last = batch.get(batch.size() - 1).seq();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Numbers, stores and publishes one line; returns it (also when the store lost it, in which case readers see
     * its number in a gap), or null when the log is closed.
     */
    public Line append(LineStream stream, String text) {
        String t = cut(text == null ? "" : text);
        lock.lock();
        try {
            if (closed) return null;
            Line line = new Line(last + 1, Timestamps.millis(clock.instant()), stream, t);
            if (store == null || store.write(line)) keep(line);
            last = line.seq();
            changed.signalAll();
            return line;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a line read from storage (its own seq and time), without storing it again. Numbers skipped between
     * the last line and this one become a gap (storage dropped or lost them); a seq at or below the last is ignored.
     */
    public void restore(Line line) {
        lock.lock();
        try {
            if (line.seq() <= last) return;
            keep(line);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** After a restore: the job's record counts {@code lines} lines; those storage does not hold are a gap. */
    public void restoreCount(long lines) {
        lock.lock();
        try {
            if (lines > last) {
                last = lines;
                changed.signalAll();
            }
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
            tailBytes += heapBytes(line);
            while (tail.size() - tailStart > tailMax || (tailBytes > tailMaxBytes && tail.size() - tailStart > 1)) {
                tailBytes -= heapBytes(tail.get(tailStart));
                tail.set(tailStart, null); // let it go now, not when the list is compacted
                tailStart++;
            }
            if (tailStart > tailMax || (tailStart > 1024 && tailStart > tail.size() / 2)) {
                tail.subList(0, tailStart).clear();
                tailStart = 0;
            }
        }
    }

    /** A line's heap footprint, estimated from above (objects, header, two bytes a char). */
    private static long heapBytes(Line line) {
        return 96L + 2L * line.text().length();
    }

    private String cut(String text) {
        if ((long) text.length() * 3 <= lineMaxBytes) return text; // fits whatever its characters are: no encoding
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= lineMaxBytes) return text;
        int keepBytes = Math.max(0, lineMaxBytes - 64);
        // Back off to a character boundary.
        while (keepBytes > 0 && (bytes[keepBytes] & 0xC0) == 0x80) keepBytes--;
        String kept = new String(bytes, 0, keepBytes, StandardCharsets.UTF_8);
        return kept + truncationMarker(bytes.length - keepBytes);
    }

    /**
     * Up to {@code max} lines with seq greater than {@code after}, preceded by a gap for numbers not held. Lines held
     * in memory come from memory; with a backing, lines behind memory come from it (read without the lock), and the
     * chunk goes on from memory where they end.
     */
    public Chunk read(long after, int max) {
        Chunk first = readOnce(after, max);
        if (backing == null || first.lines().isEmpty() || first.lines().size() >= max) return first;
        List<Line> lines = new ArrayList<>(first.lines());
        long chars = 0;
        for (Line l : lines) chars += l.text().length();
        // Storage stops a read at about a MiB; so does this, so a batch of huge lines stays a few MiB of heap.
        while (lines.size() < max && chars < READ_CHARS) {
            Chunk more = readOnce(lines.get(lines.size() - 1).seq(), max - lines.size());
            if (more.gap() != null || more.lines().isEmpty()) break; // a gap starts the next read
            lines.addAll(more.lines());
            for (Line l : more.lines()) chars += l.text().length();
        }
        return new Chunk(first.gap(), lines);
    }

    private Chunk readOnce(long after, int max) {
        long cursor = Math.max(0, after);
        long upTo;
        lock.lock();
        try {
            List<Line> out = new ArrayList<>();
            if (cursor >= last) return new Chunk(null, out);
            List<Line> list = head;
            int i = firstAfter(head, 0, cursor);
            if (i == head.size()) {
                list = tail;
                i = firstAfter(tail, tailStart, cursor);
            }
            long next = i < list.size() ? list.get(i).seq() : last + 1;
            if (backing != null && next > cursor + 1) {
                upTo = next - 1; // not in memory: storage may hold these
            } else {
                return fromMemory(list, i, cursor, next, max);
            }
        } finally {
            lock.unlock();
        }
        return fromBacking(cursor, upTo, max);
    }

    private Chunk fromMemory(List<Line> from, int start, long after, long next, int max) {
        List<Line> out = new ArrayList<>();
        List<Line> list = from;
        int i = start;
        long cursor = after;
        Gap gap = null;
        if (next > cursor + 1) {
            gap = new Gap(cursor + 1, next - 1);
            cursor = next - 1;
        }
        while (out.size() < max && i < list.size()) {
            Line l = list.get(i);
            if (l.seq() != cursor + 1) break; // a hole: the next read starts with its gap
            out.add(l);
            cursor = l.seq();
            i++;
            if (i == list.size() && list == head) {
                list = tail;
                i = tailStart;
            }
        }
        return new Chunk(gap, out);
    }

    private Chunk fromBacking(long after, long upTo, int max) {
        List<Line> stored = backing.read(after, upTo, max);
        if (stored.isEmpty()) return new Chunk(new Gap(after + 1, upTo), List.of());
        long cursor = after;
        Gap gap = null;
        long first = stored.get(0).seq();
        if (first > cursor + 1) {
            gap = new Gap(cursor + 1, first - 1);
            cursor = first - 1;
        }
        int n = 0;
        while (n < stored.size() && stored.get(n).seq() == cursor + 1) {
            cursor++;
            n++;
        }
        return new Chunk(gap, n == stored.size() ? stored : List.copyOf(stored.subList(0, n)));
    }

    /** Index of the first line in {@code list[from..]} with a seq greater than {@code seq} (binary search). */
    private static int firstAfter(List<Line> list, int from, long seq) {
        int lo = from;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).seq() <= seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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

    /**
     * How many lines are not held: with a backing, those storage does not hold (dropped by its bound, or lost because
     * they could not be written); without, those memory retention dropped or that were lost.
     */
    public long dropped() {
        if (backing != null) return Math.max(0, lastSeq() - backing.held());
        lock.lock();
        try {
            return Math.max(0, last - head.size() - (tail.size() - tailStart));
        } finally {
            lock.unlock();
        }
    }

    /** Estimated heap bytes of the lines in the tail (the head is small and not counted). */
    public long inMemoryBytes() {
        lock.lock();
        try {
            return tailBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many lines memory holds now (with a backing, a cache of the newest). */
    public long inMemory() {
        lock.lock();
        try {
            return head.size() + (tail.size() - tailStart);
        } finally {
            lock.unlock();
        }
    }
}
