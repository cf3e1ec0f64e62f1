package io.capstan.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineLogTest {

    private static LineLog log(int head, int tail, int max, List<Line> stored) {
        return new LineLog(head, tail, max, stored == null ? null : stored::add, Clock.systemUTC());
    }

    @Test
    void numbersFromOneAndStoresBeforePublishing() {
        List<Line> stored = new ArrayList<>();
        LineLog[] self = new LineLog[1];
        List<Long> visibleWhenStored = new ArrayList<>();
        self[0] = new LineLog(10, 10, 1024, l -> {
            visibleWhenStored.add(self[0].lastSeq());
            return stored.add(l);
        }, Clock.systemUTC());
        self[0].append(LineStream.STDOUT, "a");
        self[0].append(LineStream.STDERR, "b");
        assertThat(stored).extracting(Line::seq).containsExactly(1L, 2L);
        // When the store wrote line n, readers could see only up to n - 1.
        assertThat(visibleWhenStored).containsExactly(0L, 1L);
        assertThat(self[0].read(0, 10).entries()).extracting(Line::text).containsExactly("a", "b");
    }

    @Test
    void aBatchIsStoredAtOnceStampedOnceAndVisibleOnlyWhenStored() {
        LineLog[] self = new LineLog[1];
        List<List<Line>> writes = new ArrayList<>();
        List<Long> visibleWhenStored = new ArrayList<>();
        self[0] = new LineLog(0, 100, Long.MAX_VALUE, 1024, new LineLog.Store() {
            @Override
            public boolean write(Line line) {
                visibleWhenStored.add(self[0].lastSeq());
                writes.add(List.of(line));
                return true;
            }

            @Override
            public List<Line> write(List<Line> lines) {
                visibleWhenStored.add(self[0].lastSeq());
                writes.add(lines);
                return lines.subList(0, lines.size() - 1); // the last one is lost, as on a full disk
            }
        }, null, Clock.systemUTC());
        self[0].append(LineStream.SYSTEM, "first");
        self[0].lines(LineStream.STDOUT, List.of("a", "b", "c"));
        self[0].lines(LineStream.STDERR, List.of("d"));
        assertThat(writes).extracting(List::size).containsExactly(1, 3, 1);
        assertThat(visibleWhenStored).containsExactly(0L, 1L, 4L);
        assertThat(writes.get(1)).extracting(Line::seq).containsExactly(2L, 3L, 4L);
        assertThat(writes.get(1)).extracting(Line::ts).containsOnly(writes.get(1).get(0).ts());
        // Lost lines keep their numbers and read as gaps.
        assertThat(self[0].lastSeq()).isEqualTo(5L);
        SeqLog.Chunk<Line> c = self[0].read(1, 10);
        assertThat(c.entries()).extracting(Line::text).containsExactly("a", "b");
        assertThat(self[0].read(3, 10).gap()).isEqualTo(new SeqLog.Gap(4, 5));
    }

    @Test
    void longLinesAreCutWithAVisibleMarker() {
        LineLog log = log(10, 10, 1024, null);
        String big = "é".repeat(2000);
        Line l = log.append(LineStream.STDOUT, big);
        assertThat(l.text()).endsWith("bytes]").contains("… [line truncated by capstan: ");
        assertThat(l.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(l.text()).doesNotContain("\uFFFD");
        assertThat(log.append(LineStream.STDOUT, "short").text()).isEqualTo("short");
    }

    @Test
    void headAndTailRetentionReportsTheGap() {
        LineLog log = log(3, 4, 1024, null);
        for (int i = 1; i <= 50; i++) log.append(LineStream.STDOUT, "l" + i);
        assertThat(log.dropped()).isEqualTo(50 - 7);
        SeqLog.Chunk<Line> head = log.read(0, 100);
        assertThat(head.gap()).isNull();
        assertThat(head.entries()).extracting(Line::seq).containsExactly(1L, 2L, 3L);
        SeqLog.Chunk<Line> tail = log.read(3, 100);
        assertThat(tail.gap()).isEqualTo(new SeqLog.Gap(4, 46));
        assertThat(tail.entries()).extracting(Line::seq).containsExactly(47L, 48L, 49L, 50L);
        assertThat(log.read(47, 100).entries()).extracting(Line::seq).containsExactly(48L, 49L, 50L);
        assertThat(log.read(10, 2).gap()).isEqualTo(new SeqLog.Gap(11, 46));
        assertThat(log.read(50, 100).isEmpty()).isTrue();
    }

    @Test
    void linesTheStoreLostAreAGapAndLaterLinesFollowIt() {
        // A full disk: lines 3..5 fail to be written, then the store works again for line 6.
        List<Line> stored = new ArrayList<>();
        LineLog log = new LineLog(2, 100, 1024, l -> (l.seq() < 3 || l.seq() > 5) && stored.add(l), Clock.systemUTC());
        for (int i = 1; i <= 7; i++) assertThat(log.append(LineStream.STDOUT, "l" + i).seq()).isEqualTo(i);
        assertThat(stored).extracting(Line::seq).containsExactly(1L, 2L, 6L, 7L);
        assertThat(log.lastSeq()).isEqualTo(7);
        assertThat(log.dropped()).isEqualTo(3);
        SeqLog.Chunk<Line> first = log.read(0, 100);
        assertThat(first.gap()).isNull();
        assertThat(first.entries()).extracting(Line::seq).containsExactly(1L, 2L);
        SeqLog.Chunk<Line> second = log.read(2, 100);
        assertThat(second.gap()).isEqualTo(new SeqLog.Gap(3, 5));
        assertThat(second.entries()).extracting(Line::text).containsExactly("l6", "l7");
        // Resuming inside the lost range starts after it.
        assertThat(log.read(4, 100).gap()).isEqualTo(new SeqLog.Gap(5, 5));
    }

    @Test
    void aLostLastLineIsAGapAtTheEndThatReadersGetOnce() {
        List<Line> stored = new ArrayList<>();
        LineLog log = new LineLog(10, 100, 1024, l -> l.seq() < 3 && stored.add(l), Clock.systemUTC());
        for (int i = 1; i <= 4; i++) log.append(LineStream.STDOUT, "l" + i);
        assertThat(log.read(2, 100)).isEqualTo(new SeqLog.Chunk<>(new SeqLog.Gap(3, 4), List.of()));
        assertThat(log.read(4, 100).isEmpty()).isTrue();
    }

    @Test
    void restoreTurnsMissingNumbersIntoGaps() {
        LineLog log = log(2, 100, 1024, null);
        java.time.Instant t = java.time.Instant.now();
        for (long seq : new long[] {1, 2, 40, 41, 41, 3}) log.restore(new Line(seq, t, LineStream.STDOUT, "l" + seq));
        log.restoreCount(45); // the record counts 45 lines: 42..45 were never stored
        assertThat(log.lastSeq()).isEqualTo(45);
        assertThat(log.read(0, 100).entries()).extracting(Line::seq).containsExactly(1L, 2L);
        SeqLog.Chunk<Line> c = log.read(2, 100);
        assertThat(c.gap()).isEqualTo(new SeqLog.Gap(3, 39));
        assertThat(c.entries()).extracting(Line::seq).containsExactly(40L, 41L);
        assertThat(log.read(41, 100).gap()).isEqualTo(new SeqLog.Gap(42, 45));
        assertThat(log.dropped()).isEqualTo(41);
    }

    @Test
    void closedLogTakesNoMoreLines() {
        LineLog log = log(3, 4, 1024, null);
        log.append(LineStream.STDOUT, "x");
        log.close();
        assertThat(log.append(LineStream.STDOUT, "late")).isNull();
        assertThat(log.lastSeq()).isEqualTo(1);
    }

    @Test
    void theTailIsBoundedInBytesAsWellAsInLines() {
        // 64 KiB lines: a count of lines alone would let 1,000 of them take 128 MB of heap.
        LineLog log = new LineLog(0, 1_000, 1 << 20, 64 * 1024, null, null, Clock.systemUTC());
        String big = "x".repeat(60_000);
        for (int i = 0; i < 200; i++) log.append(LineStream.STDOUT, big);
        assertThat(log.inMemory()).isBetween(1L, 8L); // about 120 KB a line held, as estimated
        SeqLog.Chunk<Line> c = log.read(0, 1_000);
        assertThat(c.gap()).isEqualTo(new SeqLog.Gap(1, 200 - log.inMemory()));
        assertThat(c.entries()).hasSize((int) log.inMemory());
        assertThat(c.entries().get(c.entries().size() - 1).seq()).isEqualTo(200);
    }

    @Test
    void aReaderBehindMemoryReadsTheBackingAndGoesOnFromMemoryInOneChunk() {
        List<Line> stored = new ArrayList<>();
        LineLog.Backing backing = new LineLog.Backing() {
            @Override
            public List<Line> read(long after, long upTo, int max) {
                return stored.stream().filter(l -> l.seq() > after && l.seq() <= upTo).limit(max).toList();
            }

            @Override
            public long held() {
                return stored.size();
            }
        };
        LineLog log = new LineLog(0, 5, Long.MAX_VALUE, 1024, stored::add, backing, Clock.systemUTC());
        for (int i = 1; i <= 20; i++) log.append(LineStream.STDOUT, "l" + i);
        assertThat(log.inMemory()).isEqualTo(5);
        SeqLog.Chunk<Line> c = log.read(3, 100);
        assertThat(c.gap()).isNull();
        assertThat(c.entries()).extracting(Line::seq).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L,
                16L, 17L, 18L, 19L, 20L);
        // Lines the store no longer holds (a dropped segment) are a gap, and only those.
        stored.removeIf(l -> l.seq() >= 5 && l.seq() <= 9);
        SeqLog.Chunk<Line> after = log.read(3, 100);
        assertThat(after.entries()).extracting(Line::seq).containsExactly(4L);
        SeqLog.Chunk<Line> next = log.read(4, 100);
        assertThat(next.gap()).isEqualTo(new SeqLog.Gap(5, 9));
        assertThat(next.entries()).first().extracting(Line::seq).isEqualTo(10L);
        assertThat(log.dropped()).isEqualTo(5);
    }
}
