package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

class RowStoreTest {

    private final RowStore store = new RowStore();

    private static LogEntry row(long ordinal) {
        LogEntry.Kind kind = LogEntry.Kind.values()[(int) (ordinal % 4)];
        // Different lengths, a multi-byte character, and now and then an empty line.
        String text = ordinal % 17 == 0 ? "" : "line " + ordinal + " ü€ " + "x".repeat((int) (ordinal % 40));
        List<Ansi.Run> runs = ordinal % 10 == 3 ? List.of(new Ansi.Run(0, 4, List.of("ansi-red"))) : List.of();
        return new LogEntry(ordinal, ordinal + 100, 1_700_000_000_000L + ordinal, kind, text, runs, (int) (ordinal % 3) * 700);
    }

    private static List<LogEntry> rows(int from, int to) {
        return IntStream.range(from, to).mapToObj(RowStoreTest::row).toList();
    }

    @Test
    void givesBackEveryRowAsItWasAcrossChunks() {
        int n = RowStore.CHUNK * 3 + 17;
        store.append(rows(0, 1000));
        store.append(rows(1000, n));

        assertThat(store).hasSize(n);
        assertThat(store).containsExactlyElementsOf(rows(0, n));
        assertThat(store.text(5000)).isEqualTo(row(5000).text());
    }

    @Test
    void removesFromTheFrontAcrossChunkEdgesAndKeepsTheRest() {
        int n = RowStore.CHUNK * 4;
        store.append(rows(0, n));
        store.removeFirst(RowStore.CHUNK - 1);
        store.removeFirst(2);
        store.removeFirst(RowStore.CHUNK * 2);

        int gone = RowStore.CHUNK * 3 + 1;
        assertThat(store).containsExactlyElementsOf(rows(gone, n));
        store.append(rows(n, n + 10));
        assertThat(store.get(store.size() - 1)).isEqualTo(row(n + 9));
        assertThat(store.get(0)).isEqualTo(row(gone));

        store.removeFirst(store.size());
        assertThat(store).isEmpty();
        store.append(rows(7, 9));
        // Numbered by their places since the store began, not by what they came with (decision record 142).
        assertThat(store).extracting(LogEntry::ordinal).containsExactly(n + 10L, n + 11L);
        assertThat(store).extracting(LogEntry::text).containsExactly(row(7).text(), row(8).text());
        assertThatThrownBy(() -> store.removeFirst(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tellsListenersOnceAChangeWithWhatWasAddedAndRemoved() {
        List<String> changes = new ArrayList<>();
        store.addListener((ListChangeListener<LogEntry>) change -> {
            while (change.next()) {
                changes.add((change.wasAdded() ? "+" + change.getFrom() + ".." + change.getTo() : "")
                        + (change.wasRemoved() ? "-" + change.getRemovedSize() + " first " + change.getRemoved().get(0).ordinal() : ""));
            }
        });
        store.append(rows(0, 50));
        store.removeFirst(20);
        store.append(List.of());

        assertThat(changes).containsExactly("+0..50", "-20 first 0");
    }

    @Test
    void aSnapshotStaysAsItWasWhileTheStoreGoesOn() {
        store.append(rows(0, RowStore.CHUNK + 5));
        List<LogEntry> snapshot = store.snapshot();
        store.append(rows(RowStore.CHUNK + 5, RowStore.CHUNK * 3));
        store.removeFirst(RowStore.CHUNK + 1);

        assertThat(snapshot).hasSize(RowStore.CHUNK + 5);
        assertThat(snapshot.get(0).text()).isEqualTo(row(0).text());
        assertThat(snapshot.get(RowStore.CHUNK + 4)).isEqualTo(withoutRuns(row(RowStore.CHUNK + 4)));
        assertThat(snapshot.get(3).runs()).isEmpty();
    }

    @Test
    void holdsAMillionRowsOfAHundredCharactersInUnder130Megabytes() {
        String text = "x".repeat(100);
        List<LogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            batch.add(new LogEntry(i, i + 1, 1L, LogEntry.Kind.STDOUT, text, List.of()));
            if (batch.size() == 10_000) {
                store.append(batch);
                batch = new ArrayList<>();
            }
        }
        // 100 bytes of text and 32 of numbers, kind, source and offset a row, in arrays: no object per row.
        assertThat(store.bytesHeld()).isLessThan(130L * 1024 * 1024);
        assertThat(store.get(999_999).seq()).isEqualTo(1_000_000);
    }

    @Test
    void aTextLongerThanAPageGetsAPageOfItsOwnAndTheRowsAroundItReadBack() {
        String huge = "y".repeat(RowStore.PAGE + 10);
        List<LogEntry> rows = new ArrayList<>(rows(0, 3));
        rows.add(new LogEntry(3, 103, 1L, LogEntry.Kind.STDOUT, huge, List.of()));
        rows.add(new LogEntry(4, 104, 1L, LogEntry.Kind.STDERR, "", List.of()));
        rows.add(new LogEntry(5, 105, 1L, LogEntry.Kind.SYSTEM, "after", List.of(), 2));
        store.append(rows);
        store.append(rows(6, 9));

        assertThat(store.text(3)).isEqualTo(huge);
        assertThat(store.get(4).text()).isEmpty();
        assertThat(store.get(5)).isEqualTo(rows.get(5));
        assertThat(store.subList(6, 9)).containsExactlyElementsOf(rows(6, 9));
        store.removeFirst(4);
        assertThat(store.get(0).kind()).isEqualTo(LogEntry.Kind.STDERR);
        assertThat(store.text(1)).isEqualTo("after");
    }

    @Test
    void aFullChunkAndAPageAreEachOneArrayOfJustUnderAMegabyte() {
        // Half a 1 MB G1 region (the console's -Xmx1g) or more is born in the old generation, so young collections never
        // copy held rows; a whole region less the header leaves no room wasted in it.
        long region = 1 << 20;
        store.append(rows(0, RowStore.CHUNK * 2 + 1));
        long columns = RowStore.CHUNK * 4L * Long.BYTES;
        long text = store.bytesHeld() - 3 * columns;

        assertThat(columns).isBetween(region - 64, region - 16);
        assertThat((long) RowStore.PAGE).isBetween(region - 64, region - 16);
        assertThat(text).as("whole text pages").isPositive();
        assertThat(text % RowStore.PAGE).as("whole text pages").isZero();
    }

    private static LogEntry withoutRuns(LogEntry e) {
        return new LogEntry(e.ordinal(), e.seq(), e.tsMillis(), e.kind(), e.text(), List.of(), e.source());
    }
}
