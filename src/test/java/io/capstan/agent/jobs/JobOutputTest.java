package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.capstan.agent.OwnerOnly;
import io.capstan.agent.logs.LineLog;
import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The job's output on disk: bounded with head and tail, and a full disk turned into a gap (decision record 36). */
class JobOutputTest {
    private static final String ID = "j-0000000000AAAAAAAAAAAAAAAA";
    private static final String TEXT = "x".repeat(60);

    @TempDir
    Path state;

    private static LineLog log(JobOutput out) {
        return new LineLog(1_000, 100_000, 64 * 1024, out, Clock.systemUTC());
    }

    private static long bytesIn(List<Path> files) throws IOException {
        long n = 0;
        for (Path p : files) n += Files.size(p);
        return n;
    }

    /** Reads the job back as a restarted agent does. */
    private static LineLog readBack(JobStore store, long lines) {
        LineLog back = new LineLog(1_000_000, 1_000_000, 64 * 1024, null, Clock.systemUTC());
        StoredLines.read(store, ID, back::restore);
        back.restoreCount(lines);
        return back;
    }

    @Test
    void outputOverTheLimitKeepsTheHeadAndTheNewestLinesAndTheMiddleBecomesAGap() throws IOException {
        JobStore store = new JobStore(state);
        long limit = 1 << 20;
        int lines = 40_000; // about 4 MiB of JSON lines
        try (JobOutput out = store.openLog(ID, limit, 100)) {
            LineLog log = log(out);
            for (int i = 1; i <= lines; i++) log.append(LineStream.STDOUT, TEXT + i);
            assertThat(out.bytesOnDisk()).isLessThanOrEqualTo(limit);
        }
        List<Path> files = store.segments(ID);
        assertThat(files.get(0).getFileName().toString()).isEqualTo(ID + ".log.jsonl");
        assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).matches("j-\\w+\\.log(\\.\\d+)?\\.jsonl"));
        assertThat(bytesIn(files)).isLessThanOrEqualTo(limit).isGreaterThan(limit * 3 / 4);
        assertThat(files).allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------"));

        LineLog back = readBack(store, lines);
        SeqLog.Chunk<Line> head = back.read(0, 1_000);
        assertThat(head.gap()).isNull();
        assertThat(head.entries()).extracting(Line::seq).first().isEqualTo(1L);
        assertThat(head.entries()).extracting(Line::seq).last().isEqualTo(100L);
        SeqLog.Chunk<Line> afterHead = back.read(100, 100_000);
        assertThat(afterHead.gap()).isNotNull();
        assertThat(afterHead.gap().from()).isEqualTo(101L);
        long firstTail = afterHead.gap().to() + 1;
        // The tail runs without a hole from where it starts to the job's last line.
        assertThat(afterHead.entries()).extracting(Line::seq).first().isEqualTo(firstTail);
        assertThat(afterHead.entries()).extracting(Line::seq).last().isEqualTo((long) lines);
        assertThat(afterHead.entries()).hasSize((int) (lines - firstTail + 1));
        assertThat(afterHead.entries().get(afterHead.entries().size() - 1).text()).isEqualTo(TEXT + lines);
    }

    @Test
    void aFullDiskLosesLinesAsAGapWarnsOnceAndLeavesNoTornLine() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(JobOutput.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        Path dir = state.resolve("jobs");
        OwnerOnly.folder(dir);
        AtomicLong free = new AtomicLong(5_000);
        List<Long> stored = new ArrayList<>();
        try (JobOutput out = new JobOutput(dir, ID, 1 << 30, 1_000,
                p -> new FullDiskChannel(OwnerOnly.append(p), free))) {
            LineLog log = new LineLog(1_000, 100_000, 64 * 1024, l -> {
                boolean ok = out.write(l);
                if (ok) stored.add(l.seq());
                return ok;
            }, Clock.systemUTC());
            for (int i = 1; i <= 500; i++) log.append(LineStream.STDOUT, TEXT + i);
            long kept = stored.size();
            assertThat(kept).isBetween(10L, 100L);
            assertThat(out.failure()).isEqualTo("No space left on device");
            assertThat(out.lost()).isEqualTo(500 - kept);
            // Still full (the torn bytes given back were taken by something else): the agent's own line is tried, lost.
            free.set(0);
            log.system("failed: still full");
            assertThat(out.lost()).isEqualTo(501 - kept);
            // Space came back: the job's last words are kept; the process's lines stay counted, not tried.
            free.set(1 << 20);
            log.append(LineStream.STDOUT, "not tried");
            log.system("failed: the end");
            assertThat(stored).last().isEqualTo(503L);
            SeqLog.Chunk<Line> c = log.read(kept, 100);
            assertThat(c.gap()).isEqualTo(new SeqLog.Gap(kept + 1, 502));
            assertThat(c.entries()).extracting(Line::text).containsExactly("failed: the end");
        } finally {
            logger.detachAppender(warnings);
        }
        assertThat(warnings.list).hasSize(1);
        assertThat(warnings.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(warnings.list.get(0).getThrowableProxy()).isNull();
        assertThat(warnings.list.get(0).getFormattedMessage()).contains(ID, "No space left on device");

        // Every line in the file is whole: the torn write was cut back.
        Path file = dir.resolve(ID + ".log.jsonl");
        String text = Files.readString(file);
        assertThat(text).endsWith("\n");
        LineLog back = readBack(new JobStore(state), 503);
        assertThat(back.read(0, 1_000).entries()).extracting(Line::seq).hasSize(stored.size() - 1);
        SeqLog.Chunk<Line> rest = back.read(stored.get(stored.size() - 2), 1_000);
        assertThat(rest.gap().to()).isEqualTo(502L);
        assertThat(rest.entries()).extracting(Line::text).containsExactly("failed: the end");
    }

    @Test
    void aSegmentWhoseFirstLineFailsIsNotLeftBehindEmpty() throws IOException {
        Path dir = state.resolve("jobs");
        OwnerOnly.folder(dir);
        AtomicLong free = new AtomicLong(10);
        try (JobOutput out = new JobOutput(dir, ID, 1 << 30, 1_000, p -> new FullDiskChannel(OwnerOnly.append(p), free))) {
            LineLog log = log(out);
            log.system("rebuild shop");
            assertThat(out.lost()).isEqualTo(1);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
