package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/**
 * Some of a store's rows by ordinal (a deployment log's shown services while one is hidden, a search's matches): read
 * through the store, told to listeners as appends and front removals, and 8 bytes a row instead of an entry a row.
 */
class RowSubsetTest {
    private final RowStore store = new RowStore();
    private final RowSubset subset = new RowSubset(store);
    private long ordinal;

    private List<LogEntry> rows(int count, int source) {
        return IntStream.range(0, count).mapToObj(i -> LogEntry.of(ordinal, new Line(ordinal + 1, Instant.EPOCH,
                LineStream.STDOUT, "row " + ordinal++), source)).toList();
    }

    private void append(RowSubset to, List<LogEntry> batch, java.util.function.Predicate<LogEntry> which) {
        int base = store.size();
        store.append(batch);
        to.appendWhere(base, batch.size(), i -> which.test(batch.get(i)));
    }

    @Test
    void listsTheRowsItWasGivenReadFromTheStoreAndFollowsTheStoresTrim() {
        List<LogEntry> web = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            List<LogEntry> batch = new ArrayList<>(rows(3, 1));
            batch.addAll(rows(2, 2));
            append(subset, batch, row -> row.source() == 1);
            web.addAll(batch.subList(0, 3));
        }
        assertThat(subset).containsExactlyElementsOf(web);

        List<String> changes = new ArrayList<>();
        subset.addListener((ListChangeListener<LogEntry>) c -> {
            while (c.next()) changes.add((c.wasAdded() ? "+" + c.getAddedSize() : "") + (c.wasRemoved() ? "-" + c.getRemovedSize() : ""));
        });
        store.removeFirst(7); // rows 0..6: web's 0, 1, 2, 5, 6
        assertThat(subset.dropRemoved()).isEqualTo(5);
        assertThat(subset).containsExactlyElementsOf(web.subList(5, 12));
        assertThat(changes).containsExactly("-5");
        assertThat(subset.dropRemoved()).as("nothing more to drop").isZero();

        subset.setAllWhere(store.size(), i -> i == 0 || i == 2 || i == 4);
        assertThat(subset).extracting(LogEntry::ordinal).containsExactly(7L, 9L, 11L);
        assertThat(changes).hasSize(2);
    }

    @Test
    void placesHoldWhateverTheOrdinals() {
        // A pane's rows need not be numbered 0, 1, 2...: a place is where the row is in the store, not its ordinal.
        store.append(List.of(LogEntry.notice(100, 0, "a", 1), LogEntry.notice(7, 0, "b", 2)));
        subset.appendWhere(0, 2, i -> i == 1);
        assertThat(subset).extracting(LogEntry::text).containsExactly("b");
    }

    @Test
    void aRowCostsEightBytesNotAnEntry() {
        for (int i = 0; i < 201; i++) {
            append(subset, rows(4096, 1), row -> true);
        }
        store.removeFirst(4096);
        subset.dropRemoved();
        append(subset, rows(10, 1), row -> true);
        assertThat(subset).hasSize(200 * 4096 + 10);
        assertThat(subset.bytesHeld()).as("an array of places, grown by doubling").isLessThan(16L * subset.size() + 1024);
        assertThat(subset.get(subset.size() - 1).text()).isEqualTo("row " + (ordinal - 1));
        assertThat(subset.get(0).ordinal()).isEqualTo(4096);
    }
}
