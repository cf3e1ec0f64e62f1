package io.capstan.agent.jobs;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.capstan.agent.OwnerOnly;
import io.capstan.agent.logs.LineLog;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one job's output to its segment files, bounded and failure-aware (decision record 36).
 *
 * <p>Segments: the first line opens {@code <id>.log.jsonl} (the head: it closes after the head line count or one
 * segment's bytes); later segments are {@code <id>.log.<first seq>.jsonl}, each up to a sixteenth of the limit.
 * When the job's files would pass the limit, the oldest tail segment is deleted: the head and the newest lines stay,
 * the middle becomes a gap (readers see the missing numbers). Every line carries its seq, so a gap needs no record.
 *
 * <p>A failed write (a full disk) is undone (the segment is cut back to its last whole line, an empty one deleted),
 * logged once for the job, and the line is lost: {@link #write} answers false and the line log turns it into a gap.
 * After that the process's own lines are counted, not tried (a full disk must not cost a system call per line);
 * the agent's {@code system} lines are still tried, so the job's last words are kept if space came back.
 */
final class JobOutput implements LineLog.Store, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobOutput.class);

    /** Opens a segment for appending; a test puts a channel that fails here. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path dir;
    private final String id;
    private final Opener opener;
    private final long limit;
    private final long segmentBytes;
    private final int headLines;
    private final StoredLine codec = new StoredLine();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(64 * 1024);
    private final JobFiles files;
    private final Deque<Segment> closedTail = new ArrayDeque<>();
    private long closedBytes;
    private Segment current;
    private String failure;
    private long lost;

    /** One open or closed segment file and what it holds. */
    private static final class Segment {
        final Path path;
        final long firstSeq;
        final boolean head;
        FileChannel channel;
        long bytes;
        long lines;

        Segment(Path path, long firstSeq) {
            this.path = path;
            this.firstSeq = firstSeq;
            this.head = firstSeq == 1;
        }
    }

    JobOutput(Path dir, String id, long limit, int headLines) {
        this(dir, id, limit, headLines, new JobFiles(id), OwnerOnly::append);
    }

    JobOutput(Path dir, String id, long limit, int headLines, Opener opener) {
        this(dir, id, limit, headLines, new JobFiles(id), opener);
    }

    /** A writer that tells {@code files} (the job's readers' view of its segments) what it writes and deletes. */
    JobOutput(Path dir, String id, long limit, int headLines, JobFiles files, Opener opener) {
        this.dir = dir;
        this.files = files;
        this.id = id;
        this.opener = opener;
        this.limit = limit;
        this.segmentBytes = Math.max(64 * 1024, limit / 16);
        this.headLines = headLines;
    }

    /** The file that holds the lines from {@code firstSeq} on. */
    static Path segment(Path dir, String id, long firstSeq) {
        return dir.resolve(firstSeq == 1 ? id + ".log.jsonl" : id + ".log." + firstSeq + ".jsonl");
    }

    @Override
    public boolean write(Line line) {
        return !write(List.of(line)).isEmpty();
    }

    /**
     * Writes a batch of lines (consecutive, in order) with one write a segment they land in, and tells the readers'
     * view of the files only after the bytes are written. On a failure the rest of the batch is lost (the torn write
     * is cut back) and the lines written before it are returned.
     */
    @Override
    public synchronized List<Line> write(List<Line> lines) {
        return failure == null ? store(lines) : afterFailure(lines);
    }

    private List<Line> store(List<Line> lines) {
        int n = lines.size();
        int[] starts = new int[n + 1];
        buffer.reset();
        for (int k = 0; k < n; k++) {
            starts[k] = buffer.size();
            codec.write(lines.get(k), buffer);
        }
        starts[n] = buffer.size();
        byte[] bytes = buffer.toByteArray(); // the builder keeps one block of at most 256 KiB between batches
        int i = 0;
        try {
            while (i < n) {
                if (current == null || full(current, starts[i + 1] - starts[i])) roll(lines.get(i).seq());
                int j = i + 1;
                long bytesThen = current.bytes + starts[j] - starts[i];
                long linesThen = current.lines + 1;
                while (j < n && !(current.head && linesThen >= headLines) && bytesThen + starts[j + 1] - starts[j] <= segmentBytes) {
                    bytesThen += starts[j + 1] - starts[j];
                    linesThen++;
                    j++;
                }
                int slice = starts[j] - starts[i];
                makeRoom(slice);
                ByteBuffer b = ByteBuffer.wrap(bytes, starts[i], slice);
                while (b.hasRemaining()) current.channel.write(b);
                files.appended(lines, i, j, current.bytes, starts); // readers may read them now: whole on disk
                current.bytes += slice;
                current.lines += j - i;
                i = j;
            }
            return lines;
        } catch (IOException e) {
            failed(lines.get(i), e);
            lost += n - i;
            return lines.subList(0, i);
        }
    }

    /** After a failure the process's lines are counted, not tried; the agent's own are tried one by one. */
    private List<Line> afterFailure(List<Line> lines) {
        List<Line> written = new ArrayList<>();
        for (Line l : lines) {
            if (l.stream() != LineStream.SYSTEM) {
                lost++;
                continue;
            }
            written.addAll(store(List.of(l))); // a failure again is counted; the warning was given once
        }
        return written;
    }

    private boolean full(Segment s, long next) {
        if (s.head && s.lines >= headLines) return true;
        return s.bytes > 0 && s.bytes + next > segmentBytes;
    }

    private void roll(long firstSeq) throws IOException {
        closeCurrent();
        Segment s = new Segment(segment(dir, id, firstSeq), firstSeq);
        s.channel = opener.open(s.path);
        s.bytes = s.channel.size();
        current = s;
        files.opened(firstSeq, s.path, s.bytes);
    }

    private void closeCurrent() throws IOException {
        Segment s = current;
        if (s == null) return;
        current = null;
        s.channel.close();
        if (s.bytes == 0) {
            files.removed(s.firstSeq);
            Files.deleteIfExists(s.path);
        } else if (!s.head) {
            closedTail.addLast(s);
            closedBytes += s.bytes;
        } else {
            closedBytes += s.bytes; // the head is never deleted
        }
    }

    /** Deletes the oldest tail segments until {@code next} more bytes fit in the limit. */
    private void makeRoom(long next) throws IOException {
        while (!closedTail.isEmpty() && closedBytes + current.bytes + next > limit) {
            Segment oldest = closedTail.removeFirst();
            files.removed(oldest.firstSeq); // readers stop looking for its lines before it goes
            Files.deleteIfExists(oldest.path);
            closedBytes -= oldest.bytes;
        }
    }

    private void failed(Line line, IOException e) {
        Segment s = current;
        if (s != null) {
            try {
                s.channel.truncate(s.bytes); // cut a torn line, so the file stays readable and appendable
                if (s.bytes == 0) closeCurrent();
            } catch (IOException ignored) {
                // the write already failed; the reader skips a torn last line anyway
            }
        }
        if (failure != null) return;
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failure = reason;
        // One warning per job, without a stack trace: a full disk fails every line after this one too.
        LOG.warn("job {}: output could not be written to {} ({}); from line {} on its output is counted as lost",
                id, s == null ? dir : s.path, reason, line.seq());
    }

    /** Why output was lost (the first failure's message), or null when every line was written. */
    synchronized String failure() {
        return failure;
    }

    /** How many lines could not be written. */
    synchronized long lost() {
        return lost;
    }

    /** The readers' view of the files this writer writes. */
    JobFiles files() {
        return files;
    }

    /** Bytes this writer's segments hold on disk now. */
    synchronized long bytesOnDisk() {
        return closedBytes + (current == null ? 0 : current.bytes);
    }

    @Override
    public synchronized void close() {
        try {
            closeCurrent();
        } catch (IOException e) {
            LOG.warn("job {}: could not close its output: {}", id, e.toString());
        }
    }
}
