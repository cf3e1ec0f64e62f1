package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.console.fx.Background;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Full-size arrays made ahead of need on the background (decision record 144), with a background the test runs. */
class FreshArraysTest {

    /** Holds the work it is given until {@link #runAll}, as a busy pool would, and keeps what the work made. */
    private static final class HeldBackground implements Background {
        private final Deque<Runnable> held = new ArrayDeque<>();
        private final List<Object> made = new ArrayList<>();
        private int submitted;

        @Override
        public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            submitted++;
            held.add(() -> {
                try {
                    T result = work.call();
                    made.add(result);
                    onSuccess.accept(result);
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        void runAll() {
            while (!held.isEmpty()) {
                held.poll().run();
            }
        }
    }

    private final HeldBackground background = new HeldBackground();
    private final FreshArrays fresh = new FreshArrays(background);

    @Test
    void aTakenPageIsFollowedByOneMadeOnTheBackgroundWhichTheNextTakeGets() {
        byte[] first = fresh.page(RowStore.PAGE);
        assertThat(first).hasSize(RowStore.PAGE);
        assertThat(background.submitted).isEqualTo(1);

        byte[] second = fresh.page(RowStore.PAGE);
        assertThat(second).as("the spare is not made yet: the store makes its own").isNotSameAs(first).hasSize(RowStore.PAGE);
        assertThat(background.submitted).as("asked once while the first request is out").isEqualTo(1);

        background.runAll();
        byte[] third = fresh.page(RowStore.PAGE);
        assertThat(third).as("the spare the background made").isSameAs(background.made.get(0));
        assertThat(background.submitted).as("and asks for the next").isEqualTo(2);
    }

    @Test
    void columnsComeAheadTheSameWay() {
        fresh.columns(RowStore.CHUNK * 4);
        background.runAll();
        assertThat(fresh.columns(RowStore.CHUNK * 4)).isSameAs(background.made.get(0));
        assertThat(background.submitted).isEqualTo(2);
    }

    @Test
    void aStoreFedFromTheBackgroundGivesBackEveryRowWhetherTheSpareIsReadyOrNot() {
        RowStore store = new RowStore(fresh);
        List<LogEntry> rows = IntStream.range(0, RowStore.CHUNK * 3 + 5).mapToObj(i -> new LogEntry(i, i + 1, i,
                LogEntry.Kind.STDOUT, "line " + i + " " + "y".repeat(i % 90), List.of())).toList();
        for (int from = 0; from < rows.size(); from += 5_000) {
            store.append(rows.subList(from, Math.min(rows.size(), from + 5_000)));
            if (from % 15_000 == 0) {
                background.runAll(); // now and then the spare is ready in time, else the store makes its own
            }
        }
        assertThat(store).containsExactlyElementsOf(rows);
        assertThat(background.submitted).isGreaterThan(2);
    }

    @Test
    void aSpareAskedAheadIsWhatAGrownArrayBecomesWithWhatItHeld() {
        fresh.pageAhead(RowStore.PAGE);
        fresh.pageAhead(RowStore.PAGE);
        assertThat(background.submitted).as("asked once").isEqualTo(1);
        background.runAll();
        byte[] grown = fresh.grownPage(new byte[] {1, 2, 3}, RowStore.PAGE);
        assertThat(grown).isSameAs(background.made.get(0)).startsWith(1, 2, 3).hasSize(RowStore.PAGE);
        assertThat(background.submitted).as("and the next is asked for").isEqualTo(2);
        fresh.columnsAhead(RowStore.CHUNK * 4);
        background.runAll();
        assertThat(fresh.grownColumns(new long[] {7}, RowStore.CHUNK * 4)).isSameAs(background.made.get(2)).startsWith(7);
    }

    @Test
    void aStoresFirstFullPageAndChunkAreMadeAheadOnTheBackgroundNotByTheUiThread() {
        RowStore store = new RowStore(fresh);
        // 40,000 rows of about 100 bytes: the first page (16 KB, growing) and the first chunk (256 rows, growing) both
        // reach their full size; a pool that keeps up runs what was asked after each batch of a frame's size.
        List<LogEntry> rows = IntStream.range(0, 40_000).mapToObj(i -> new LogEntry(i, i + 1, i, LogEntry.Kind.STDOUT,
                String.format("line %06d ", i) + "x".repeat(88), List.of())).toList();
        for (int from = 0; from < rows.size(); from += 1_500) {
            store.append(rows.subList(from, Math.min(rows.size(), from + 1_500)));
            background.runAll();
        }
        assertThat(store).containsExactlyElementsOf(rows);
        // The first page is a spare the background made: it starts with the first row's text. Before, the last growth
        // step made that megabyte on the UI thread in the flood's first half second, and so did the first chunk's.
        byte[] firstText = "line 000000 ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(background.made).anyMatch(made -> made instanceof byte[] page && page.length == RowStore.PAGE
                && java.util.Arrays.equals(page, 0, firstText.length, firstText, 0, firstText.length));
        assertThat(background.made).anyMatch(made -> made instanceof long[] columns && columns.length == RowStore.CHUNK * 4
                && columns[4] == 1 && columns[8] == 2); // the ordinals of the first chunk's second and third rows
    }

    @Test
    void aShortLogAsksForNothing() {
        RowStore store = new RowStore(fresh);
        store.append(IntStream.range(0, 1_200).mapToObj(i -> new LogEntry(i, i + 1, i, LogEntry.Kind.STDOUT,
                "x".repeat(100), List.of())).toList());
        assertThat(background.submitted).as("1,200 rows (120 KB): short of a quarter of a page and of a chunk").isZero();
    }

    @Test
    void inlineArraysNeverAskAnyone() {
        FreshArrays inline = FreshArrays.inline();
        assertThat(inline.page(RowStore.PAGE)).hasSize(RowStore.PAGE);
        assertThat(inline.columns(16)).hasSize(16);
    }
}
