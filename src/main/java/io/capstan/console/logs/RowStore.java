package io.capstan.console.logs;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import javafx.collections.ObservableListBase;

/**
 * A pane's held rows in large arrays that a young collection never copies: per chunk of {@value #CHUNK} rows one
 * {@code long[]} of columns (four longs a row: ordinal, seq, time, and where its text is with its kind and source), and
 * the texts as UTF-8 bytes one after another in pages of just under a megabyte, shared by every chunk. A row becomes a
 * {@link LogEntry} only when someone reads it (the few rows on screen, a search, a copy).
 *
 * <p>Why not a list of {@code LogEntry}: three objects per row (the record, its {@code String} and the string's bytes)
 * make a million rows three million objects that all survive, and a young collection copies each of them; frames
 * froze for 100 to 700 ms in those pauses (decision record 65). Why arrays of just under a megabyte: the console's heap
 * ({@code -Xmx1g}) has G1 regions of 1 MB, and an array of half a region or more is born in the old generation
 * ("humongous"), one region each, so what a flood leaves behind is never copied. Arrays of a chunk's own size (32 KB
 * columns, a text array trimmed to its rows) were, and copying them was most of a young pause's 15 to 30 ms at
 * 100,000 lines/s (decision record 121). A store's first chunk and first page start small and grow, since most logs
 * are short and a console has many panes open. Full-size arrays come from {@link FreshArrays}, made off the UI thread
 * ahead of need: making a fresh megabyte is slow enough to stretch a frame (decision record 144).
 *
 * <p>A row's text ends where the next row's starts, or where its page's text ends, so no length is stored.
 *
 * <p>Rows are appended at the end and removed from the front only ({@link #removeFirst}), the only two changes a log
 * pane makes; other mutators are unsupported. Use on the UI thread.
 */
final class RowStore extends ObservableListBase<LogEntry> {

    /** What one array may take so that it fills one 1 MB region with its header, whatever the JVM's header size. */
    private static final int ARRAY_BYTES = (1 << 20) - 64;
    /** The longs a row takes in its chunk's columns. */
    private static final int STRIDE = 4;
    /** Rows a chunk holds: as many as fit their columns into one array of {@link #ARRAY_BYTES}. */
    static final int CHUNK = ARRAY_BYTES / Long.BYTES / STRIDE;
    /** A text page; a text longer than this (never from an agent, which cuts lines at 64 KiB) gets a page of its own. */
    static final int PAGE = ARRAY_BYTES;
    private static final int FIRST_ROWS = 256;
    private static final int FIRST_PAGE = 16 * 1024;
    private static final LogEntry.Kind[] KINDS = LogEntry.Kind.values();

    // A row's columns, at chunk index i * STRIDE + column.
    private static final int ORDINAL = 0;
    private static final int SEQ = 1;
    private static final int TS = 2;
    /** Kind in bits 0-3, source in 4-19, the text's offset in its page in 20-39, its page's number in 40-63. */
    private static final int AT = 3;

    private final List<Chunk> chunks = new ArrayList<>();
    /** Rows of the first chunk already removed. */
    private int head;
    /** Rows removed from the front in all. */
    private long removedTotal;
    private int size;
    private final FreshArrays fresh;
    private final Pages pages;
    private final IntToLongFunction atOf = this::at;

    /** A store that makes its arrays itself, when it needs them. */
    RowStore() {
        this(FreshArrays.inline());
    }

    /** @param fresh where full-size arrays come from */
    RowStore(FreshArrays fresh) {
        this.fresh = fresh;
        this.pages = new Pages(fresh);
    }

    @Override
    public LogEntry get(int index) {
        int at = position(index);
        Chunk chunk = chunks.get(at / CHUNK);
        int row = at % CHUNK;
        List<Ansi.Run> runs = chunk.runs != null ? chunk.runs.getOrDefault(row, List.of()) : List.of();
        return entry(chunk.columns, row, text(atOf, at, head + size, pages), runs);
    }

    /** How many rows were removed from the front since the store began: row {@code i} is the {@code removedCount() + i}th. */
    long removedCount() {
        return removedTotal;
    }

    /** The row's source alone (a deployment log's service), without building its entry. */
    int source(int index) {
        return source(at(position(index)));
    }

    /** The row's text alone, without building its entry (what a search reads). */
    String text(int index) {
        return text(atOf, position(index), head + size, pages);
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Appends rows in order and tells listeners once. Each row is numbered here, by its place since the store began
     * ({@link #removedCount()} plus its index), whatever ordinal it came with: everything that finds a row by its ordinal
     * (the index of a match to reveal, a selection's range, a drawn slot's key) needs them consecutive and increasing,
     * and a feed's numbers are not always (rows from two feeds, a feed that restarted, a batch with holes).
     */
    void append(List<LogEntry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int from = size;
        for (LogEntry row : rows) {
            Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || last.count == CHUNK) {
                last = new Chunk(chunks.isEmpty() ? new long[FIRST_ROWS * STRIDE] : fresh.columns(CHUNK * STRIDE));
                chunks.add(last);
            }
            last.add(row, removedTotal + size, pages.put(row.text().getBytes(StandardCharsets.UTF_8)), fresh);
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
            pages.clear();
        } else {
            pages.dropBefore(page(at(head)));
        }
        beginChange();
        nextRemove(0, removed);
        endChange();
    }

    /**
     * The rows held now, readable on another thread while this store goes on taking rows: rows are only ever written
     * past what the snapshot reads, and an array that grows is copied, never changed under the snapshot's reader.
     * Entries read from it have no colour runs (saving a log writes plain text).
     */
    List<LogEntry> snapshot() {
        long[][] columns = chunks.stream().map(c -> c.columns).toArray(long[][]::new);
        Pages text = pages.copy();
        int first = head;
        int end = head + size;
        IntToLongFunction frozenAt = at -> columns[at / CHUNK][at % CHUNK * STRIDE + AT];
        return new AbstractList<>() {
            @Override
            public LogEntry get(int index) {
                if (index < 0 || index >= end - first) {
                    throw new IndexOutOfBoundsException(index);
                }
                int at = first + index;
                return entry(columns[at / CHUNK], at % CHUNK, RowStore.text(frozenAt, at, end, text), List.of());
            }

            @Override
            public int size() {
                return end - first;
            }
        };
    }

    private int position(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return head + index;
    }

    /** The {@link #AT} column of the row at {@code position} (counted from the first chunk's start). */
    private long at(int position) {
        return chunks.get(position / CHUNK).columns[position % CHUNK * STRIDE + AT];
    }

    /** Bytes this store holds in arrays (for tests and the benchmark's notes). */
    long bytesHeld() {
        long bytes = pages.bytes();
        for (Chunk chunk : chunks) {
            bytes += (long) chunk.columns.length * Long.BYTES;
        }
        return bytes;
    }

    /** The text of the row at {@code position}: up to the next row's start, if that row is on the same page. */
    private static String text(IntToLongFunction atOf, int position, int end, Pages pages) {
        long at = atOf.applyAsLong(position);
        int page = page(at);
        int from = offset(at);
        int to = pages.end(page);
        if (position + 1 < end) {
            long next = atOf.applyAsLong(position + 1);
            if (page(next) == page) {
                to = offset(next);
            }
        }
        return pages.text(page, from, to - from);
    }

    private static LogEntry entry(long[] columns, int row, String text, List<Ansi.Run> runs) {
        int base = row * STRIDE;
        long at = columns[base + AT];
        return new LogEntry(columns[base + ORDINAL], columns[base + SEQ], columns[base + TS], KINDS[(int) (at & 0xF)], text,
                runs, source(at));
    }

    private static int page(long at) {
        return (int) (at >>> 40);
    }

    private static int offset(long at) {
        return (int) ((at >>> 20) & 0xFFFFF);
    }

    private static int source(long at) {
        return (int) ((at >>> 4) & 0xFFFF);
    }

    /** {@value #CHUNK} rows' columns in one array; only the last chunk of a store is still being filled. */
    private static final class Chunk {
        private long[] columns;
        /** Colour runs of the few rows that have any, by row. */
        private Map<Integer, List<Ansi.Run>> runs;
        private int count;

        Chunk(long[] columns) {
            this.columns = columns;
        }

        /**
         * @param ordinal the row's place in the store since it began, which its entry reads back as its ordinal
         * @param text where {@link Pages#put} placed the row's text
         */
        void add(LogEntry row, long ordinal, long text, FreshArrays fresh) {
            if ((count + 1) * STRIDE > columns.length) {
                int rows = Math.min(CHUNK, count * 2);
                // The last step takes a full-size array made ahead (decision record 154), asked for a quarter of the way.
                columns = rows == CHUNK ? fresh.grownColumns(columns, CHUNK * STRIDE) : Arrays.copyOf(columns, rows * STRIDE);
                if (rows < CHUNK && rows * 4 >= CHUNK) {
                    fresh.columnsAhead(CHUNK * STRIDE);
                }
            }
            int base = count * STRIDE;
            columns[base + ORDINAL] = ordinal;
            columns[base + SEQ] = row.seq();
            columns[base + TS] = row.tsMillis();
            columns[base + AT] = text | (row.source() & 0xFFFFL) << 4 | row.kind().ordinal();
            if (!row.runs().isEmpty()) {
                if (runs == null) {
                    runs = new HashMap<>();
                }
                runs.put(count, row.runs());
            }
            count++;
        }
    }

    /**
     * The texts, one after another in pages of {@value #PAGE} bytes; a text never spans two pages (a page's last few
     * bytes go unused instead). Pages are numbered from the store's start, so a row's page number stays right while
     * the oldest pages go.
     */
    private static final class Pages {
        /** Null in a snapshot's copy, which only reads. */
        private final FreshArrays fresh;
        private final List<byte[]> list;
        /** Where each page's text ends, by position in {@link #list}. */
        private int[] ends;
        /** The number of the first page in {@link #list}. */
        private int first;

        Pages(FreshArrays fresh) {
            this(fresh, new ArrayList<>(), new int[8], 0);
        }

        private Pages(FreshArrays fresh, List<byte[]> list, int[] ends, int first) {
            this.fresh = fresh;
            this.list = list;
            this.ends = ends;
            this.first = first;
        }

        /** Copies {@code bytes} in; answers where they are, as the page number and offset bits of {@link #AT}. */
        long put(byte[] bytes) {
            int last = list.size() - 1;
            byte[] page = last < 0 ? null : list.get(last);
            int used = last < 0 ? 0 : ends[last];
            // A page longer than PAGE holds one long text and nothing after it (offsets stop at PAGE).
            if (page == null || used + bytes.length > Math.min(page.length, PAGE)) {
                if (page != null && page.length < PAGE && used + bytes.length <= PAGE) {
                    // The store's first page grows until it is a whole page; later pages are born whole.
                    // Its last step takes a full page made ahead (decision record 154), asked for a quarter of the way.
                    int length = Math.min(PAGE, Math.max(page.length * 2, used + bytes.length));
                    page = length == PAGE ? fresh.grownPage(page, PAGE) : Arrays.copyOf(page, length);
                    if (length < PAGE && length * 4 >= PAGE) {
                        fresh.pageAhead(PAGE);
                    }
                    list.set(last, page);
                } else {
                    page = page == null ? new byte[Math.max(bytes.length, FIRST_PAGE)]
                            : bytes.length > PAGE ? new byte[bytes.length] : fresh.page(PAGE);
                    list.add(page);
                    last++;
                    if (last == ends.length) {
                        ends = Arrays.copyOf(ends, ends.length * 2);
                    }
                    used = 0;
                }
            }
            System.arraycopy(bytes, 0, page, used, bytes.length);
            ends[last] = used + bytes.length;
            return (long) (first + last) << 40 | (long) used << 20;
        }

        int end(int page) {
            return ends[page - first];
        }

        String text(int page, int offset, int length) {
            return new String(list.get(page - first), offset, length, StandardCharsets.UTF_8);
        }

        /** Lets go of the pages before page number {@code number}. */
        void dropBefore(int number) {
            int gone = Math.min(number - first, list.size() - 1);
            if (gone > 0) {
                list.subList(0, gone).clear();
                System.arraycopy(ends, gone, ends, 0, list.size());
                first += gone;
            }
        }

        void clear() {
            list.clear();
        }

        /** The pages as they are now, for a reader on another thread. */
        Pages copy() {
            return new Pages(null, new ArrayList<>(list), Arrays.copyOf(ends, Math.max(1, list.size())), first);
        }

        long bytes() {
            long bytes = 0;
            for (byte[] page : list) {
                bytes += page.length;
            }
            return bytes;
        }
    }
}
