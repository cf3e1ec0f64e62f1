package io.capstan.agent.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.agent.logs.LineLog;
import io.capstan.protocol.Line;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and reads a job's lines in its segment files (decision records 36 and 55), so that memory is only a cache.
 *
 * <p>The segments are known by their first seq (the file names carry it). Inside a segment a sparse index keeps the
 * byte offset of every {@value #EVERY}th line, so a read starts at most that many lines before the one it wants. A
 * segment being written is indexed by its writer as it writes ({@link #appended}), and a reader never reads past the
 * bytes the writer has reported: those hold whole lines only, so a half-written line is never seen. A segment found on
 * disk (after a restart, or a finished job's log loaded again) is indexed by scanning it once, when first needed; the
 * scan reads only each line's seq and stops at a torn last line.
 *
 * <p>The lock is held only to look positions up or to record a written line; files are read without it, so a slow
 * read does not hold up the writer or other readers (the first scan of a found segment is the exception: readers of
 * that job wait for it). A segment the bound deletes while someone reads it is read to its end (an open file stays
 * readable on POSIX) or, when it is already gone, skipped: its lines are a gap.
 */
final class JobFiles implements LineLog.Backing {
    private static final Logger LOG = LoggerFactory.getLogger(JobFiles.class);
    /** Lines between two index entries. */
    static final int EVERY = 128;
    private static final int READ_BYTES = 64 * 1024;
    /** Stored bytes one read returns at most (past its first line): a batch of huge lines stays a few MiB of heap. */
    static final long READ_BUDGET = 1024 * 1024;
    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();

    /** One segment file: what is known of it, and its sparse index. */
    private static final class Segment {
        final Path path;
        /** False for a segment found on disk until it has been scanned. */
        boolean indexed;
        /** Bytes holding whole lines (the reader's end of file). */
        long end;
        long lines;
        long lastSeq;
        long[] seqs = new long[16];
        long[] offsets = new long[16];
        int entries;

        Segment(Path path, boolean indexed) {
            this.path = path;
            this.indexed = indexed;
        }

        void line(long seq, long offset, long bytes) {
            if (lines % EVERY == 0) {
                if (entries == seqs.length) {
                    seqs = Arrays.copyOf(seqs, entries * 2);
                    offsets = Arrays.copyOf(offsets, entries * 2);
                }
                seqs[entries] = seq;
                offsets[entries] = offset;
                entries++;
            }
            lines++;
            lastSeq = seq;
            end = offset + bytes;
        }

        /** The offset of the last indexed line with a seq at most {@code seq} (0: the segment's start). */
        long offsetFor(long seq) {
            int lo = 0;
            int hi = entries - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (seqs[mid] <= seq) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? 0 : offsets[found];
        }
    }

    /** Where to read one segment from, taken under the lock and used without it. */
    private record Span(Path path, long from, long end) {
    }

    JobFiles(String id) {
        this.id = id;
    }

    /** The files a job already has on disk (ordered by their first seq), indexed when first read. */
    static JobFiles found(String id, Map<Long, Path> existing) {
        JobFiles f = new JobFiles(id);
        existing.forEach((first, path) -> f.segments.put(first, new Segment(path, false)));
        return f;
    }

    /** The writer opened a new segment for lines from {@code firstSeq} on. */
    synchronized void opened(long firstSeq, Path path, long bytesAlready) {
        Segment s = new Segment(path, bytesAlready == 0);
        segments.put(firstSeq, s);
        index(s); // lines a file already held (not expected: a new segment starts after the last line)
    }

    /**
     * The writer wrote {@code lines[from, to)} in one piece at {@code offset} of the newest segment; line {@code k}
     * took {@code starts[k + 1] - starts[k]} bytes (newline included).
     */
    synchronized void appended(List<Line> lines, int from, int to, long offset, int[] starts) {
        Map.Entry<Long, Segment> e = segments.lastEntry();
        if (e == null) return;
        Segment s = e.getValue();
        for (int k = from; k < to; k++) s.line(lines.get(k).seq(), offset + starts[k] - starts[from], starts[k + 1] - starts[k]);
    }

    /** The writer deleted (or cut back to nothing) the segment starting at {@code firstSeq}. */
    synchronized void removed(long firstSeq) {
        segments.remove(firstSeq);
    }

    /** How many lines the files hold. */
    @Override
    public synchronized long held() {
        long n = 0;
        for (Segment s : segments.values()) {
            index(s);
            n += s.lines;
        }
        return n;
    }

    /** The seq of the last line the files hold (0 when none). */
    synchronized long lastSeq() {
        Map.Entry<Long, Segment> e = segments.lastEntry();
        while (e != null) {
            index(e.getValue());
            if (e.getValue().lines > 0) return e.getValue().lastSeq;
            e = segments.lowerEntry(e.getKey());
        }
        return 0;
    }

    @Override
    public List<Line> read(long after, long upTo, int max) {
        List<Line> out = new ArrayList<>();
        if (max <= 0 || upTo <= after) return out;
        long[] budget = {READ_BUDGET};
        StoredLine codec = new StoredLine(); // per read: it caches the last timestamp
        for (Span span : spans(after, upTo)) {
            try {
                if (!readSpan(span, after, upTo, max, budget, codec, out)) break;
            } catch (NoSuchFileException e) {
                continue; // deleted by the bound before we opened it: its lines are a gap
            } catch (IOException e) {
                LOG.warn("job {}: could not read its output in {}: {}", id, span.path(), e.toString());
                break; // what was not read is a gap for this reader
            }
        }
        return out;
    }

    /** The segments that may hold lines {@code after+1..upTo}, the first from its nearest index entry. */
    private synchronized List<Span> spans(long after, long upTo) {
        List<Span> out = new ArrayList<>();
        Long start = segments.floorKey(after + 1);
        if (start == null) start = segments.isEmpty() ? null : segments.firstKey();
        if (start == null) return out;
        for (Map.Entry<Long, Segment> e : segments.tailMap(start, true).entrySet()) {
            if (e.getKey() > upTo) break;
            Segment s = e.getValue();
            index(s);
            if (s.lines == 0) continue;
            long from = out.isEmpty() ? s.offsetFor(after + 1) : 0;
            out.add(new Span(s.path, from, s.end));
        }
        return out;
    }

    /** Adds lines in {@code after..upTo} from one span; false when nothing more is wanted. */
    private boolean readSpan(Span span, long after, long upTo, int max, long[] budget, StoredLine codec, List<Line> out)
            throws IOException {
        try (FileChannel ch = FileChannel.open(span.path(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_BYTES, Math.max(1, span.end() - span.from())));
            long pos = span.from();
            boolean past = false;
            while (pos < span.end()) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), span.end() - pos));
                int n = 0;
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, pos + n);
                    if (r < 0) break;
                    n += r;
                }
                if (n == 0) return true; // shorter than recorded (cut back after a failed write): nothing more here
                byte[] a = buf.array();
                int lineStart = 0;
                int consumed = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != '\n') continue;
                    Line line = i > lineStart ? parse(a, lineStart, i, past ? -1 : after, codec) : null;
                    // Seqs only grow within a segment: past the first line after the cursor, none needs the check.
                    past |= line != null;
                    int length = i + 1 - lineStart;
                    lineStart = i + 1;
                    consumed = i + 1;
                    if (line == null) continue;
                    if (line.seq() > upTo) return false;
                    out.add(line);
                    budget[0] -= length;
                    if (out.size() >= max || budget[0] <= 0) return false;
                }
                if (consumed == 0) {
                    if (n < buf.capacity()) return true; // no whole line left (the file changed under us)
                    // One line longer than the buffer: read it whole with a buffer that fits it.
                    buf = ByteBuffer.allocate(buf.capacity() * 2);
                    continue;
                }
                pos += consumed;
            }
            return true;
        }
    }

    /**
     * The line in {@code a[from..to)} if its seq is after {@code after}; null for one before it, or a damaged line
     * (left out: readers get a gap for its number, not for the rest of the file). With {@code after} negative the seq
     * is not read ahead: the caller is past the cursor, and the line is parsed once.
     */
    private Line parse(byte[] a, int from, int to, long after, StoredLine codec) {
        try {
            if (after >= 0 && seqOf(a, from, to) <= after) return null;
            Line line = codec.read(a, from, to);
            return line.seq() > after ? line : null;
        } catch (IOException e) {
            LOG.debug("job {}: a damaged line in its output is left out: {}", id, e.toString());
            return null;
        }
    }

    /** Scans a segment found on disk: counts its whole lines, indexes them, stops at a torn last line. */
    private void index(Segment s) {
        if (s.indexed) return;
        s.indexed = true;
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
            long pos = 0;
            long size = ch.size();
            while (pos < size) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) break;
                byte[] a = buf.array();
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != '\n') continue;
                    if (i > lineStart) {
                        long seq = seqOf(a, lineStart, i);
                        if (seq <= s.lastSeq) return; // not a line of ours: stop here, like a torn line
                        s.line(seq, pos + lineStart, i + 1 - lineStart);
                    }
                    lineStart = i + 1;
                }
                if (lineStart == 0) {
                    if (n < buf.capacity()) return; // a torn last line
                    buf = ByteBuffer.allocate(buf.capacity() * 2);
                    continue;
                }
                pos += lineStart;
            }
        } catch (NoSuchFileException e) {
            return; // deleted meanwhile: it holds nothing
        } catch (JsonProcessingException e) {
            return; // a damaged line ends the segment, like a torn one
        } catch (IOException | RuntimeException e) {
            LOG.warn("job {}: could not read its output in {}: {}", id, s.path, e.toString());
        }
    }

    /**
     * The seq of one stored line, read without parsing the whole line: lines are written as {@code {"seq":N,...}}.
     * Anything else (an older or damaged line) is parsed in full; a line that does not parse is an error.
     */
    private long seqOf(byte[] a, int from, int to) throws IOException {
        if (to - from > SEQ_PREFIX.length) {
            boolean match = true;
            for (int k = 0; k < SEQ_PREFIX.length && match; k++) match = a[from + k] == SEQ_PREFIX[k];
            if (match) {
                long v = 0;
                int i = from + SEQ_PREFIX.length;
                int digits = 0;
                while (i < to && a[i] >= '0' && a[i] <= '9' && digits < 18) {
                    v = v * 10 + (a[i] - '0');
                    i++;
                    digits++;
                }
                if (digits > 0 && i < to && (a[i] == ',' || a[i] == '}')) return v;
            }
        }
        return json.readValue(a, from, to - from, Line.class).seq();
    }

}
