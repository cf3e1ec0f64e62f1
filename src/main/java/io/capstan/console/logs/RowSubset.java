package io.capstan.console.logs;

import java.util.AbstractList;
import java.util.List;
import java.util.function.IntPredicate;
import javafx.collections.ObservableListBase;

/**
 * Some of a pane's held rows, in order, kept as their places in the {@link RowStore} only: the rows of the services
 * shown while another is hidden (a deployment log's toggles), or a search's matches. A row is read from the store,
 * becoming a {@link LogEntry} only when someone reads it, as there.
 *
 * <p>Why: these lists held a {@code LogEntry} per row (the record, its {@code String}, the string's bytes, some 150
 * bytes beside the text), so hiding one service of three in a pane of a million lines kept two thirds of them a second
 * time as objects, undoing what the store saves (decision record 134). Here a row costs 8 bytes.
 *
 * <p>A place is counted from the first row the store ever held ({@link RowStore#removedCount()} plus the index), so it
 * stays true while the store lets its oldest rows go. Appends at the end, removals from the front (rows the store let
 * go) and a full replacement are the changes a pane makes; others are unsupported. UI thread.
 */
final class RowSubset extends ObservableListBase<LogEntry> {

    private static final int MIN = 64;

    private final RowStore store;
    private long[] places = new long[MIN];
    private int start;
    private int end;

    RowSubset(RowStore store) {
        this.store = store;
    }

    @Override
    public LogEntry get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index + " of " + size());
        }
        return store.get((int) (places[start + index] - store.removedCount()));
    }

    @Override
    public int size() {
        return end - start;
    }

    /** The bytes of its one array: 8 a row, doubled at most while growing ({@code RowSubsetTest} bounds it). */
    long bytesHeld() {
        return 16L + 8L * places.length;
    }

    /**
     * Appends the store's rows {@code base + i}, for each {@code i} below {@code count} that passes {@code test}, in
     * order (after every row listed), and tells listeners once.
     */
    void appendWhere(int base, int count, IntPredicate test) {
        int from = size();
        collect(base, count, test);
        if (size() > from) {
            beginChange();
            nextAdd(from, size());
            endChange();
        }
    }

    /** Forgets the rows the store let go (its oldest); returns how many. */
    int dropRemoved() {
        long removed = store.removedCount();
        int gone = 0;
        while (start + gone < end && places[start + gone] < removed) {
            gone++;
        }
        if (gone > 0) {
            start += gone;
            if (start == end) {
                start = 0;
                end = 0;
            }
            beginChange();
            nextRemove(0, placeholders(gone));
            endChange();
        }
        return gone;
    }

    /**
     * Replaces every row with those of the store's first {@code count} rows that pass {@code test}, without building
     * their entries.
     */
    void setAllWhere(int count, IntPredicate test) {
        int was = size();
        places = new long[MIN];
        start = 0;
        end = 0;
        collect(0, count, test);
        beginChange();
        if (was > 0) {
            nextRemove(0, placeholders(was));
        }
        if (size() > 0) {
            nextAdd(0, size());
        }
        endChange();
    }

    /** Adds the places of the store's rows {@code base + i} that pass {@code test}, telling no one. */
    private void collect(int base, int count, IntPredicate test) {
        long first = store.removedCount() + base;
        for (int i = 0; i < count; i++) {
            if (test.test(i)) {
                room(1);
                places[end++] = first + i;
            }
        }
    }

    /**
     * What a removal hands listeners as the rows removed: their count is what the view uses; the rows themselves may be
     * gone from the store already, so each reads as an empty notice.
     */
    private static List<LogEntry> placeholders(int count) {
        return new AbstractList<>() {
            @Override
            public LogEntry get(int index) {
                return LogEntry.notice(-1, 0, "", 0);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** Room for {@code more} at the end: the front's free slots first, else a bigger array. */
    private void room(int more) {
        if (end + more <= places.length) {
            return;
        }
        int live = size();
        if (live + more <= places.length / 2) {
            System.arraycopy(places, start, places, 0, live);
        } else {
            long[] bigger = new long[Math.max(places.length * 2, live + more)];
            System.arraycopy(places, start, bigger, 0, live);
            places = bigger;
        }
        start = 0;
        end = live;
    }
}
