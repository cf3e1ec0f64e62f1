package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    private final ManualFrameClock clock = new ManualFrameClock();
    private final List<List<Integer>> batches = new ArrayList<>();

    @Test
    void deliversInOrderAtMostTheCapPerFrame() throws Exception {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 1_000, batches::add);
        IntStream.range(0, 2_500).forEach(batcher::add);
        assertThat(batcher.pending()).isEqualTo(2_500);

        clock.tick();
        clock.tick();
        clock.tick();
        clock.tick();

        assertThat(batches).extracting(List::size).containsExactly(1_000, 1_000, 500);
        assertThat(batches.stream().flatMap(List::stream)).containsExactlyElementsOf(IntStream.range(0, 2_500).boxed().toList());
        assertThat(batcher.pending()).isZero();
    }

    @Test
    void anIdleFrameCostsNothingAndCloseStopsDelivery() {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 10, batches::add);
        clock.tick();
        assertThat(batches).isEmpty();
        batcher.add(1);
        batcher.close();
        clock.tick();
        assertThat(batches).isEmpty();
        assertThat(clock.listeners()).isZero();
    }

    @Test
    void itemsFromManyThreadsAllArrive() throws Exception {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 100_000, batches::add);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            Thread thread = new Thread(() -> IntStream.range(base, base + 10_000).forEach(batcher::add));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        clock.tick();
        assertThat(batches.stream().flatMap(List::stream).distinct().count()).isEqualTo(40_000);
    }

    @Test
    void aTimedBatcherSizesEachBatchToItsBudget() {
        long[] now = {0};
        // A sink that costs 2 µs an item on the batcher's clock.
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(4), () -> now[0], batch -> {
            batches.add(batch);
            now[0] += 2_000L * batch.size();
        });
        IntStream.range(0, 20_000).forEach(batcher::add);

        clock.tick();
        clock.tick();
        clock.tick();

        assertThat(batches).extracting(List::size).containsExactly(FrameBatcher.FIRST_BATCH, 2_000, 2_000);
        assertThat(batches.stream().flatMap(List::stream))
                .containsExactlyElementsOf(IntStream.range(0, 5_000).boxed().toList());
    }

    @Test
    void aTimedBatcherShrinksForADearerSinkFromTheNextFrameButNeverStopsProgressing() {
        long[] now = {0};
        long[] cost = {50};
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(8), () -> now[0], batch -> {
            batches.add(batch);
            now[0] += cost[0] * batch.size();
        });
        IntStream.range(0, 1_000_000).forEach(batcher::add);
        clock.tick();
        clock.tick();
        assertThat(batcher.allowance()).isEqualTo(FrameBatcher.MAX_BATCH);

        cost[0] = 1_000_000; // a search turned on: each item now costs a millisecond
        clock.tick();
        assertThat(batcher.allowance()).isEqualTo(FrameBatcher.MIN_BATCH);
        int before = batches.size();
        clock.tick();
        assertThat(batches).hasSize(before + 1);
        assertThat(batches.get(batches.size() - 1)).hasSize(FrameBatcher.MIN_BATCH);
    }

    @Test
    void aPulseBudgetEndsAFrameWhoseItemsSuddenlyCostMoreThanTheEstimate() {
        long[] cpu = {0};
        long[] wall = {0};
        long[] cost = {1_000};
        PulseBudget pulse = new PulseBudget(() -> wall[0]);
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(8), () -> cpu[0], pulse, batch -> {
            batches.add(batch);
            cpu[0] += cost[0] * batch.size();
            wall[0] += cost[0] * batch.size();
        });
        IntStream.range(0, 100_000).forEach(batcher::add);
        clock.tick();
        clock.tick();
        assertThat(batcher.allowance()).isEqualTo(8_000);
        batches.clear();

        cost[0] = 5_000; // cold code, a collection: five times dearer than the estimate the allowance was sized by
        long pulseStart = wall[0];
        clock.tick();

        // Not the 8,000 items (40 ms) the estimate allowed: one slice at the old size finds the new cost (5 ms), the
        // slices after it are a millisecond's worth at that cost, until the pulse's share went by (nothing drawn yet,
        // so all of it).
        int dearSlice = (int) (FrameBatcher.SLICE_TIME.toNanos() / 5_000L);
        int after = (int) (PulseBudget.SHARE.toNanos() - 5_000L * FrameBatcher.SLICE) / (5_000 * dearSlice);
        assertThat(batches.get(0)).hasSize(FrameBatcher.SLICE);
        assertThat(batches.subList(1, batches.size())).hasSize(after).allMatch(batch -> batch.size() == dearSlice);
        assertThat(wall[0] - pulseStart).isEqualTo(PulseBudget.SHARE.toNanos());
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(
                IntStream.range(9_000, 9_000 + FrameBatcher.SLICE + after * dearSlice).boxed().toList());
    }

    @Test
    void theFirstRowsRunColdSoAPulseOverrunsItsShareByASliceOfAboutAMillisecondAtMost() {
        long[] wall = {0};
        int[] taken = {0};
        PulseBudget pulse = new PulseBudget(() -> wall[0]);
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(8), () -> wall[0], pulse, batch -> {
            batches.add(batch);
            for (int i = 0; i < batch.size(); i++) {
                // Interpreted for the first 2,000 items (20 µs each), then compiled (0.5 µs): a flood's first second.
                wall[0] += taken[0]++ < 2_000 ? 20_000 : 500;
            }
        });
        IntStream.range(0, 100_000).forEach(batcher::add);

        long[] pulseNanos = new long[12];
        for (int frame = 0; frame < pulseNanos.length; frame++) {
            long start = wall[0];
            clock.tick();
            pulseNanos[frame] = wall[0] - start;
        }

        // A first slice of 1,000 such items would have been a 20 ms pulse on its own, whatever the budget said.
        assertThat(batches.get(0)).hasSize(FrameBatcher.FIRST_SLICE);
        long overrun = FrameBatcher.FIRST_SLICE * 20_000L;
        assertThat(java.util.Arrays.stream(pulseNanos).max().orElseThrow())
                .isLessThanOrEqualTo(PulseBudget.SHARE.toNanos() + overrun);
        // Once the items are cheap, slices are back to their full size and a pulse takes thousands.
        assertThat(batches.subList(batches.size() / 2, batches.size())).anyMatch(batch -> batch.size() == FrameBatcher.SLICE);
        assertThat(taken[0]).isGreaterThan(10_000);
        assertThat(batches.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(IntStream.range(0, taken[0]).boxed().toList());
    }

    @Test
    void aPulseBudgetLeavesTheDrawingItExpectsItsPartOfTheShare() {
        long[] wall = {0};
        PulseBudget pulse = new PulseBudget(() -> wall[0]);
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(100), () -> 0L, pulse, batch -> {
            batches.add(batch);
            wall[0] += 1_000L * batch.size(); // a microsecond an item
        });
        IntStream.range(0, 100_000).forEach(batcher::add);
        clock.tick(); // the first frame takes a first batch, to time the sink
        batches.clear();
        pulse.drew(Duration.ofMillis(30).toNanos()); // a cold move: reserved up to the cap, never the whole share

        clock.tick();

        Duration left = PulseBudget.SHARE.minus(PulseBudget.DRAW_RESERVE_CAP);
        assertThat(batches).hasSize(slicesFor(left, 1_000L));
    }

    @Test
    void aPulseSpentBeforeTheRowsStillTakesSomeEveryFrameSoRowsAlwaysArrive() {
        long[] wall = {0};
        PulseBudget pulse = new PulseBudget(() -> wall[0]);
        FrameBatcher<Integer> batcher = FrameBatcher.timed(clock, Duration.ofMillis(8), () -> 0L, pulse, batch -> {
            batches.add(batch);
            wall[0] += 50_000_000; // the UI thread was off its core for 50 ms
        });
        IntStream.range(0, 5_000).forEach(batcher::add);

        clock.tick();
        clock.tick();

        // A slice that took 50 ms makes the next one as small as slices get, never none.
        assertThat(batches).extracting(List::size).containsExactly(FrameBatcher.FIRST_SLICE, FrameBatcher.MIN_SLICE);
        assertThat(batcher.pending()).isEqualTo(5_000 - FrameBatcher.FIRST_SLICE - FrameBatcher.MIN_SLICE);
    }

    /** The slices of {@link FrameBatcher#SLICE} items at {@code nanosPerItem} it takes to pass {@code time}. */
    private static int slicesFor(Duration time, long nanosPerItem) {
        long sliceNanos = nanosPerItem * FrameBatcher.SLICE;
        return (int) ((time.toNanos() + sliceNanos - 1) / sliceNanos);
    }

    @Test
    void runsAddedWholeAreCutAtTheFrameCapAndKeepTheirOrderWithSingleItems() {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 4, batches::add);
        batcher.addAll(List.of(0, 1, 2));
        batcher.add(3);
        batcher.addAll(List.of());
        batcher.addAll(List.of(4, 5, 6, 7, 8, 9));
        assertThat(batcher.pending()).isEqualTo(10);

        clock.tick();
        clock.tick();
        clock.tick();
        clock.tick();

        // A run is split across frames where the cap falls, and a frame takes from several runs.
        assertThat(batches).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
        assertThat(batcher.pending()).isZero();
    }

    @Test
    void closeDiscardsAHalfDeliveredRun() {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 2, batches::add);
        batcher.addAll(List.of(0, 1, 2, 3, 4));
        clock.tick();
        batcher.close();
        batcher.drain();

        assertThat(batches).containsExactly(List.of(0, 1));
        assertThat(batcher.pending()).isZero();
    }

    @Test
    void runsFromManyThreadsAllArriveWhole() throws Exception {
        FrameBatcher<Integer> batcher = new FrameBatcher<>(clock, 100_000, batches::add);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            Thread thread = new Thread(() -> {
                for (int run = 0; run < 100; run++) {
                    batcher.addAll(IntStream.range(base + run * 100, base + run * 100 + 100).boxed().toList());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) t.join();
        clock.tick();

        List<Integer> all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(40_000).doesNotHaveDuplicates();
        for (int i = 0; i < all.size(); i += 100) {
            // each run of 100 arrives in one piece, in its own order
            assertThat(all.subList(i, i + 100)).isEqualTo(IntStream.range(all.get(i), all.get(i) + 100).boxed().toList());
        }
    }
}
