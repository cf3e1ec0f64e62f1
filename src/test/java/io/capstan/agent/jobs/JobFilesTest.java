package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.logs.LineLog;
import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a line by its seq in a job's segment files: the writer's sparse index, and a scan of found files. */
class JobFilesTest {
    private static final String ID = "j-0000000000BBBBBBBBBBBBBBBB";
    private static final long MIB = 1 << 20;

    @TempDir
    Path state;

    /** Writes {@code lines} lines through a line log, as a job does; returns the files' view the writer kept. */
    private static JobFiles write(JobStore store, long limit, int lines, String text) {
        JobFiles files = new JobFiles(ID);
        try (JobOutput out = store.openLog(ID, limit, 100, files)) {
            LineLog log = new LineLog(0, 10, 1 << 20, 64 * 1024, out, files, Clock.systemUTC());
            for (int i = 1; i <= lines; i++) log.append(LineStream.STDOUT, text + i);
        }
        return files;
    }

    private static List<Long> seqs(List<Line> lines) {
        return lines.stream().map(Line::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** Reads from several places in several segments, from index entries and between them, within {@code upTo}. */
    private static void assertFinds(JobFiles files, int lines) {
        for (long after : new long[] {0, 1, 99, 100, 101, JobFiles.EVERY - 1, JobFiles.EVERY, 5_000, 7_777, lines - 3}) {
            List<Line> got = files.read(after, lines, 50);
            assertThat(seqs(got)).as("after %d", after).isEqualTo(range(after + 1, Math.min(lines, after + 50)));
            assertThat(got.get(0).text()).isEqualTo("line " + (after + 1));
        }
        assertThat(seqs(files.read(1_000, 1_010, 500))).isEqualTo(range(1_001, 1_010));
        assertThat(files.read(lines, lines + 10, 10)).isEmpty();
        assertThat(files.held()).isEqualTo(lines);
    }

    @Test
    void theWritersIndexFindsAnyLine() {
        JobStore store = new JobStore(state);
        int lines = 12_000; // about 60 bytes stored a line: a dozen 64 KiB segments under a 1 MiB limit, none dropped
        JobFiles files = write(store, MIB, lines, "line ");
        assertThat(store.segments(ID)).hasSizeGreaterThan(5);
        assertFinds(files, lines);
    }

    @Test
    void filesFoundOnDiskAreIndexedByScanningAndATornLastLineEndsThem() throws IOException {
        JobStore store = new JobStore(state);
        int lines = 12_000;
        write(store, MIB, lines, "line ");
        List<Path> segs = store.segments(ID);
        // An agent killed in the middle of a write leaves half a line.
        Files.writeString(segs.get(segs.size() - 1), "{\"seq\":12001,\"ts\":\"20", StandardOpenOption.APPEND);
        JobFiles found = store.files(ID);
        assertThat(found.lastSeq()).isEqualTo(lines);
        assertFinds(found, lines);
    }

    @Test
    void linesTheBoundDeletedAreLeftOutAndTheNextHeldLineFollows() {
        JobStore store = new JobStore(state);
        int lines = 40_000; // about 2.4 MiB: the middle is dropped under a 1 MiB limit
        JobFiles files = write(store, MIB, lines, "line ");
        List<Long> onDisk = new ArrayList<>();
        StoredLines.read(store, ID, l -> onDisk.add(l.seq()));
        assertThat(onDisk.size()).isLessThan(lines);
        assertThat(seqs(files.read(0, lines, lines))).isEqualTo(onDisk);
        assertThat(seqs(store.files(ID).read(0, lines, lines))).isEqualTo(onDisk);
        assertThat(files.held()).isEqualTo(onDisk.size());
        // From inside the dropped middle, the next line read is the first one the disk still holds after it.
        long firstAfterHead = onDisk.get(100);
        assertThat(seqs(files.read(150, lines, 1))).containsExactly(firstAfterHead);
    }

    @Test
    void linesLongerThanTheReadBufferAreReadWhole() {
        JobStore store = new JobStore(state);
        JobFiles files = new JobFiles(ID);
        String quotes = "\"".repeat(40_000); // 80 KB once escaped in JSON: longer than one read
        try (JobOutput out = store.openLog(ID, MIB, 100, files)) {
            LineLog log = new LineLog(0, 10, 1 << 20, 64 * 1024, out, files, Clock.systemUTC());
            for (int i = 1; i <= 5; i++) log.append(LineStream.STDOUT, i % 2 == 0 ? quotes : "short " + i);
        }
        List<Line> got = files.read(0, 5, 10);
        assertThat(seqs(got)).isEqualTo(range(1, 5));
        assertThat(got.get(1).text()).isEqualTo(quotes);
        assertThat(got.get(4).text()).isEqualTo("short 5");
        assertThat(seqs(store.files(ID).read(1, 5, 10))).isEqualTo(range(2, 5));
        assertThat(quotes.getBytes(StandardCharsets.UTF_8)).hasSize(40_000);
    }

    @Test
    void aLineLogServesLinesThatLeftMemoryFromTheFiles() {
        JobStore store = new JobStore(state);
        JobFiles files = new JobFiles(ID);
        try (JobOutput out = store.openLog(ID, MIB, 100, files)) {
            LineLog log = new LineLog(0, 10, 1 << 20, 64 * 1024, out, files, Clock.systemUTC());
            for (int i = 1; i <= 1_000; i++) log.append(LineStream.STDOUT, "line " + i);
            assertThat(log.inMemory()).isEqualTo(10);
            List<Long> all = new ArrayList<>();
            long cursor = 0;
            for (SeqLog.Chunk<Line> c = log.read(cursor, 300); !c.isEmpty(); c = log.read(cursor, 300)) {
                assertThat(c.gap()).isNull();
                for (Line l : c.entries()) all.add(l.seq());
                cursor = all.get(all.size() - 1);
            }
            assertThat(all).isEqualTo(range(1, 1_000));
            assertThat(log.dropped()).isZero();
        }
    }

    @Test
    void aDamagedLineIsLeftOutAndTheLinesAroundItAreServed() throws IOException {
        JobStore store = new JobStore(state);
        write(store, MIB, 300, "line ");
        Path head = store.segments(ID).get(0);
        String text = Files.readString(head);
        int at = text.indexOf("\"text\":\"line 50\"");
        // Same length, so every other line stays where the index says; the line no longer parses.
        Files.writeString(head, text.substring(0, at) + "#".repeat(15) + text.substring(at + 15));
        List<Long> got = seqs(store.files(ID).read(0, 300, 1_000));
        List<Long> expected = new ArrayList<>(range(1, 300));
        expected.remove(Long.valueOf(50));
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void aReaderRacingTheBoundGetsEachLineOnceInOrderAndGapsOnlyForLinesTheDiskDropped() throws Exception {
        JobStore store = new JobStore(state);
        JobFiles files = new JobFiles(ID);
        int lines = 60_000; // about 3.6 MiB through a 1 MiB limit: segments are deleted while the reader reads them
        List<Long> served = new ArrayList<>();
        List<SeqLog.Gap> gaps = new ArrayList<>();
        try (JobOutput out = store.openLog(ID, MIB, 100, files)) {
            LineLog log = new LineLog(0, 1_000, 1 << 20, 64 * 1024, out, files, Clock.systemUTC());
            Thread writer = new Thread(() -> {
                for (int i = 1; i <= lines; i++) log.append(LineStream.STDOUT, "line " + i);
                log.close();
            }, "test-writer");
            writer.start();
            // Start a third of the way in: the first lines are only on disk, and the bound deletes what is being read.
            while (log.lastSeq() < lines / 3) log.awaitAfter(lines / 3 - 1, 1_000);
            long cursor = 0;
            while (!(log.isClosed() && cursor >= log.lastSeq())) {
                SeqLog.Chunk<Line> c = log.read(cursor, 100);
                if (c.isEmpty()) {
                    log.awaitAfter(cursor, 1_000);
                    continue;
                }
                if (c.gap() != null) {
                    assertThat(c.gap().from()).isEqualTo(cursor + 1);
                    gaps.add(c.gap());
                    cursor = c.gap().to();
                }
                for (Line l : c.entries()) {
                    assertThat(l.seq()).isEqualTo(cursor + 1);
                    assertThat(l.text()).isEqualTo("line " + l.seq());
                    served.add(l.seq());
                    cursor = l.seq();
                }
            }
            writer.join();
        }
        assertThat(served.size() + gaps.stream().mapToLong(g -> g.to() - g.from() + 1).sum()).isEqualTo(lines);
        List<Long> onDisk = new ArrayList<>();
        StoredLines.read(store, ID, l -> onDisk.add(l.seq()));
        assertThat(served).containsAll(onDisk); // every line the disk holds at the end was served
        for (SeqLog.Gap g : gaps) {
            // A gap is a line the disk no longer held when it was read, so it does not hold it at the end either.
            assertThat(onDisk).noneMatch(seq -> seq >= g.from() && seq <= g.to());
        }
    }
}
