package io.capstan.agent.logs;

import io.capstan.protocol.Sequenced;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Entries numbered from 1, kept for readers who pull them by number: the one log behind a job's output, a service's
 * log ({@link LineLog}) and the agent's events ({@code EventHub}), and the one place their numbering, retention and
 * waiting are written (decision record 103). The producer appends and never blocks on a reader; a reader asks for the
 * entries after its cursor and waits for more, so reading what is retained and waiting for what is live use one cursor
 * and nothing is stitched. An entry is published (visible) only after the {@link Store} has written it; one the store
 * could not write keeps its number but is never visible. Any run of numbers that is not held is a {@link Gap},
 * wherever it is: what retention dropped, what the store lost, what storage no longer holds.
 *
 * <p>Memory holds the first {@code headMax} entries for good and the newest ones up to a count and an estimated heap
 * size. With a {@link Backing} memory is a cache: a reader behind it reads storage, without the log's lock.
 *
 * @param <E> what is numbered: a line, an event
 */
public class SeqLog<E extends Sequenced> {

    /** Where entries are written before they become visible. */
    @FunctionalInterface
    public interface Store<E> {
        /** Writes consecutive entries in order; returns those written (the list itself when all were), the others are lost. */
        List<E> write(List<E> entries);
    }

    /** Where entries that left memory (or never were in it) can still be read. */
    public interface Backing<E> {
        /**
         * Up to {@code max} stored entries with {@code after < seq <= upTo}, in order; numbers storage does not hold are
         * left out. Called without the log's lock held, only for entries already published.
         */
        List<E> read(long after, long upTo, int max);

        /** How many entries storage holds. */
        long held();
    }

    /** What a reader gets: an optional gap (numbers not held) followed by entries in order, without a hole. */
    public record Chunk<E>(Gap gap, List<E> entries) {
        public boolean isEmpty() {
            return gap == null && entries.isEmpty();
        }
    }

    /** Numbers {@code from..to} are not held. */
    public record Gap(long from, long to) {
    }

    /**
     * Estimated heap bytes one {@link #read} collects at most from storage and memory together (past its first read):
     * about a MiB of text in lines, so a batch of huge lines stays a few MiB of heap.
     */
    private static final long READ_BYTES = 2L * 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int headMax;
    private final int tailMax;
    private final long tailMaxBytes;
    private final ToLongFunction<? super E> heapBytes;
    private final Store<E> store;
    private final Backing<E> backing;
    /** Held entries numbered up to {@code headMax}, in order; numbers may be missing (lost entries). */
    private final List<E> head = new ArrayList<>();
    /** Held entries after the head, in order, from {@code tailStart}; numbers may be missing. */
    private final List<E> tail = new ArrayList<>();
    private int tailStart;
    /** Estimated heap bytes of the entries in the tail. */
    private long tailBytes;
    private long last;
    private boolean closed;

    /**
     * @param headMax   entries numbered up to this are kept for good
     * @param tailMax   at most this many newer entries are kept
     * @param tailMaxBytes and at most about this many bytes of them, as {@code heapBytes} estimates each
     * @param store     null: entries are visible as soon as numbered
     * @param backing   null: what memory does not hold is a gap
     */
    public SeqLog(int headMax, int tailMax, long tailMaxBytes, ToLongFunction<? super E> heapBytes, Store<E> store,
                  Backing<E> backing) {
        this.headMax = Math.max(0, headMax);
        this.tailMax = Math.max(1, tailMax);
        this.tailMaxBytes = Math.max(1, tailMaxBytes);
        this.heapBytes = heapBytes;
        this.store = store;
        this.backing = backing;
    }

    /**
     * Numbers, stores and publishes entries the producer has in hand together: {@code make} is given the first free
     * number and returns the entries numbered from it, consecutively; it runs under the log's lock, so numbers are
     * handed out in the order entries are stored. One store write and one wake-up of the readers for all of them
     * (decision record 62). Returns what was made (also entries the store lost, whose numbers readers see in a gap),
     * or null when the log is closed.
     */
    public final List<E> append(LongFunction<List<E>> make) {
        lock.lock();
        try {
            if (closed) return null;
            long first = last + 1;
            List<E> made = make.apply(first);
            if (made.isEmpty()) return made;
            int n = made.size();
            if (made.get(0).seq() != first || made.get(n - 1).seq() != first + n - 1) {
                throw new IllegalArgumentException("entries must be numbered " + first + ".." + (first + n - 1));
            }
            List<E> written = store == null ? made : store.write(made);
            for (int i = 0, size = written.size(); i < size; i++) keep(written.get(i));
            last = first + n - 1;
            changed.signalAll();
            return made;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back an entry read from storage (its own number), without storing it again. Numbers skipped between the
     * last entry and this one become a gap (storage dropped or lost them); a number at or below the last is ignored.
     */
    public final void restore(E entry) {
        lock.lock();
        try {
            if (entry.seq() <= last) return;
            keep(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** After a restore: the record counts {@code count} entries; those storage does not hold are a gap. */
    public final void restoreCount(long count) {
        lock.lock();
        try {
            if (count > last) {
                last = count;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void keep(E entry) {
        last = entry.seq();
        if (entry.seq() <= headMax) {
            head.add(entry);
            return;
        }
        tail.add(entry);
        tailBytes += heapBytes.applyAsLong(entry);
        while (tail.size() - tailStart > tailMax || (tailBytes > tailMaxBytes && tail.size() - tailStart > 1)) {
            tailBytes -= heapBytes.applyAsLong(tail.get(tailStart));
            tail.set(tailStart, null); // let it go now, not when the list is compacted
            tailStart++;
        }
        if (tailStart > tailMax || (tailStart > 1024 && tailStart > tail.size() / 2)) {
            tail.subList(0, tailStart).clear();
            tailStart = 0;
        }
    }

    /**
     * Up to {@code max} entries numbered after {@code after}, preceded by a gap for numbers not held. Entries held in
     * memory come from memory; with a backing, entries behind memory come from it (read without the lock), and the
     * chunk goes on from memory where they end.
     */
    public final Chunk<E> read(long after, int max) {
        Chunk<E> first = readOnce(after, max);
        if (backing == null || first.entries().isEmpty() || first.entries().size() >= max) return first;
        List<E> entries = new ArrayList<>(first.entries());
        long bytes = 0;
        for (E e : entries) bytes += heapBytes.applyAsLong(e);
        // Storage stops a read at about a MiB; so does this.
        while (entries.size() < max && bytes < READ_BYTES) {
            Chunk<E> more = readOnce(entries.get(entries.size() - 1).seq(), max - entries.size());
            if (more.gap() != null || more.entries().isEmpty()) break; // a gap starts the next read
            entries.addAll(more.entries());
            for (E e : more.entries()) bytes += heapBytes.applyAsLong(e);
        }
        return new Chunk<>(first.gap(), entries);
    }

    private Chunk<E> readOnce(long after, int max) {
        long cursor = Math.max(0, after);
        long upTo;
        lock.lock();
        try {
            if (cursor >= last) return new Chunk<>(null, new ArrayList<>());
            List<E> list = head;
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

    private Chunk<E> fromMemory(List<E> from, int start, long after, long next, int max) {
        List<E> out = new ArrayList<>();
        List<E> list = from;
        int i = start;
        long cursor = after;
        Gap gap = null;
        if (next > cursor + 1) {
            gap = new Gap(cursor + 1, next - 1);
            cursor = next - 1;
        }
        while (out.size() < max && i < list.size()) {
            E e = list.get(i);
            if (e.seq() != cursor + 1) break; // a hole: the next read starts with its gap
            out.add(e);
            cursor = e.seq();
            i++;
            if (i == list.size() && list == head) {
                list = tail;
                i = tailStart;
            }
        }
        return new Chunk<>(gap, out);
    }

    private Chunk<E> fromBacking(long after, long upTo, int max) {
        List<E> stored = backing.read(after, upTo, max);
        if (stored.isEmpty()) return new Chunk<>(new Gap(after + 1, upTo), List.of());
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
        return new Chunk<>(gap, n == stored.size() ? stored : List.copyOf(stored.subList(0, n)));
    }

    /** Index of the first entry in {@code list[from..]} numbered after {@code seq} (binary search). */
    private static <E extends Sequenced> int firstAfter(List<E> list, int from, long seq) {
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

    /**
     * True when memory holds every entry after {@code after} (or none has come since): a reader resuming there misses
     * nothing without reading storage. False for a number the log has not reached, which belongs to another log.
     */
    public final boolean holdsAfter(long after) {
        lock.lock();
        try {
            if (after < 0 || after > last) return false;
            if (after == last) return true;
            int i = firstAfter(head, 0, after);
            if (i < head.size()) return head.get(i).seq() == after + 1;
            int j = firstAfter(tail, tailStart, after);
            return j < tail.size() && tail.get(j).seq() == after + 1;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an entry after {@code after} exists, the log is closed, or the time is up. */
    public final void awaitAfter(long after, long timeoutMillis) throws InterruptedException {
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

    /** No more entries will come; wakes all readers. */
    public final void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public final boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the last entry (how many were appended, or counted by a restore). */
    public final long lastSeq() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many entries are not held: with a backing, those storage does not hold (dropped by its bound, or lost because
     * they could not be written); without, those memory retention dropped or that were lost.
     */
    public final long dropped() {
        if (backing != null) return Math.max(0, lastSeq() - backing.held());
        lock.lock();
        try {
            return Math.max(0, last - head.size() - (tail.size() - tailStart));
        } finally {
            lock.unlock();
        }
    }

    /** Estimated heap bytes of the entries in the tail (the head is small and not counted). */
    public final long inMemoryBytes() {
        lock.lock();
        try {
            return tailBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many entries memory holds now (with a backing, a cache of the newest). */
    public final long inMemory() {
        lock.lock();
        try {
            return head.size() + (tail.size() - tailStart);
        } finally {
            lock.unlock();
        }
    }
}
