package io.capstan.console.logs;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ObservableListBase;

/**
 * A pane's held rows in columns: numbers in {@code long[]}s, kinds in a {@code byte[]}, texts as UTF-8 bytes side by
 * side in one array, {@value #CHUNK} rows to a chunk. A row becomes a {@link LogEntry} only when someone reads it (the
 * few rows on screen, a search, a copy).
 *
 * <p>Why not a list of {@code LogEntry}: three objects per row (the record, its {@code String} and the string's bytes)
 * make a million rows three million objects that all survive, and a young collection copies each of them; frames
 * froze for 100 to 700 ms in those pauses (decision record 65). Here the rows of a chunk are five arrays, so what a
 * flood leaves behind is a few large arrays, and the entries handed out die young.
 *
 * <p>Rows are appended at the end and removed from the front only ({@link #removeFirst}), the only two changes a log
 * pane makes; other mutators are unsupported. Use on the UI thread.
 */
final class RowStore extends ObservableListBase<LogEntry> {

    static final int CHUNK = 4096;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    private static final int MASK = CHUNK - 1;
    private static final LogEntry.Kind[] KINDS = LogEntry.Kind.values();
    /** One G1 region of a 1 GB heap, less the array's header. */
    private static final int TEXT_START = (1 << 20) - 32;
    private static final int TEXT_FIRST = 16 * 1024;

    private final List<Chunk> chunks = new ArrayList<>();
    /** Rows of the first chunk already removed. */
    private int head;
    /** Rows removed from the front in all. */
    private long removedTotal;
    private int size;

    @Override
    public LogEntry get(int index) {
        int at = position(index);
        return chunks.get(at >>> SHIFT).entry(at & MASK);
    }

    /** How many rows were removed from the front since the store began: row {@code i} is the {@code removedCount() + i}th. */
    long removedCount() {
        return removedTotal;
    }

    /** The row's source alone (a deployment log's service), without building its entry. */
    int source(int index) {
        int at = position(index);
        return chunks.get(at >>> SHIFT).source[at & MASK];
    }

    /** The row's text alone, without building its entry (what a search reads). */
    String text(int index) {
        int at = position(index);
        return chunks.get(at >>> SHIFT).text(at & MASK);
    }

    @Override
    public int size() {
        return size;
    }

    /** Appends rows in order and tells listeners once. */
    void append(List<LogEntry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int from = size;
        for (LogEntry row : rows) {
            Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || last.count == CHUNK) {
                if (last != null) {
                    last.seal();
                }
                // A pane's first chunk starts small: most logs are short, and a console has many panes open.
                last = new Chunk(chunks.isEmpty() ? TEXT_FIRST : TEXT_START);
                chunks.add(last);
            }
            last.add(row);
            size++;
        }
        beginChange();
        nextAdd(from, size);
        endChange();
    }

    /** Removes the oldest {@code count} rows and tells listeners once. */
    void removeFirst(int count) {
        if (count <= 0) {
            return;
        }
        if (count > size) {
            throw new IndexOutOfBoundsException(count + " > " + size);
        }
        List<LogEntry> removed = new ArrayList<>(subList(0, count));
        head += count;
        size -= count;
        removedTotal += count;
        while (head >= CHUNK) {
            chunks.remove(0);
            head -= CHUNK;
        }
        if (size == 0) {
            chunks.clear();
            head = 0;
        }
        beginChange();
        nextRemove(0, removed);
        endChange();
    }

    /**
     * The rows held now, readable on another thread while this store goes on taking rows: full chunks never change
     * and a chunk's next rows are written past what the snapshot reads. Entries read from it have no colour runs
     * (saving a log writes plain text).
     */
    List<LogEntry> snapshot() {
        List<Chunk> frozen = List.copyOf(chunks);
        int[] counts = frozen.stream().mapToInt(c -> c.count).toArray();
        // The text arrays as they are now: a growing chunk moves its text to a new array, never this one's prefix.
        byte[][] texts = frozen.stream().map(c -> c.text).toArray(byte[][]::new);
        int first = head;
        int total = size;
        return new AbstractList<>() {
            @Override
            public LogEntry get(int index) {
                if (index < 0 || index >= total) {
                    throw new IndexOutOfBoundsException(index);
                }
                int at = first + index;
                Chunk chunk = frozen.get(at >>> SHIFT);
                if ((at & MASK) >= counts[at >>> SHIFT]) {
                    throw new IllegalStateException("row past the snapshot");
                }
                int i = at & MASK;
                return new LogEntry(chunk.ordinal[i], chunk.seq[i], chunk.ts[i], KINDS[chunk.kind[i]],
                        chunk.text(texts[at >>> SHIFT], i), List.of(), chunk.source[i]);
            }

            @Override
            public int size() {
                return total;
            }
        };
    }

    private int position(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return head + index;
    }

    /** Bytes this store holds in arrays (for tests and the benchmark's notes). */
    long bytesHeld() {
        long bytes = 0;
        for (Chunk chunk : chunks) {
            bytes += chunk.bytes();
        }
        return bytes;
    }

    /** {@value #CHUNK} rows' worth of columns; only the last chunk of a store is still being filled. */
    private static final class Chunk {
        private final long[] ordinal = new long[CHUNK];
        private final long[] seq = new long[CHUNK];
        private final long[] ts = new long[CHUNK];
        private final byte[] kind = new byte[CHUNK];
        private final short[] source = new short[CHUNK];
        /** Where each row's text ends in {@link #text}; it starts where the previous one ends. */
        private final int[] end = new int[CHUNK];
        /**
         * From the second chunk on, starts at just under a megabyte: under G1 with the console's heap (1 MB regions) an array
         * that size is born in the old generation, so young collections never copy the text of a filling chunk (record 65).
         */
        private byte[] text;
        private int used;
        /** Colour runs of the few rows that have any, by row. */
        private Map<Integer, List<Ansi.Run>> runs;
        private int count;

        Chunk(int textBytes) {
            text = new byte[textBytes];
        }

        void add(LogEntry row) {
            byte[] bytes = row.text().getBytes(StandardCharsets.UTF_8);
            if (used + bytes.length > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, used + bytes.length));
            }
            System.arraycopy(bytes, 0, text, used, bytes.length);
            used += bytes.length;
            ordinal[count] = row.ordinal();
            seq[count] = row.seq();
            ts[count] = row.tsMillis();
            kind[count] = (byte) row.kind().ordinal();
            source[count] = (short) row.source();
            end[count] = used;
            if (!row.runs().isEmpty()) {
                if (runs == null) {
                    runs = new HashMap<>();
                }
                runs.put(count, row.runs());
            }
            count++;
        }

        /** A full chunk gives back the slack of its text array when there is much of it (short lines). */
        void seal() {
            if (text.length - used > text.length / 4) {
                text = Arrays.copyOf(text, used);
            }
        }

        String text(int i) {
            return text(text, i);
        }

        String text(byte[] bytes, int i) {
            int start = i == 0 ? 0 : end[i - 1];
            return new String(bytes, start, end[i] - start, StandardCharsets.UTF_8);
        }

        LogEntry entry(int i) {
            List<Ansi.Run> rowRuns = runs != null ? runs.getOrDefault(i, List.of()) : List.of();
            return new LogEntry(ordinal[i], seq[i], ts[i], KINDS[kind[i]], text(i), rowRuns, source[i]);
        }

        long bytes() {
            return CHUNK * (8L * 3 + 1 + 2 + 4) + text.length;
        }
    }
}
