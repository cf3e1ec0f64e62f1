package io.capstan.console.fx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Collects items on any thread and hands them to the UI thread in batches, once per frame: a burst of a million log
 * lines becomes a few hundred bounded UI updates instead of a million {@code runLater} calls. Items are delivered in
 * the order they were added.
 *
 * <p>How much one frame takes is either a fixed count ({@link #FrameBatcher(FrameClock, int, Consumer)}) or a time
 * budget ({@link #timed}): the batcher times the sink on each batch and sizes the next so that the sink's share of
 * the frame stays within the budget. A count alone is wrong both ways: a cheap sink (rows appended to a list) could
 * take far more, and a dear one (every row tested against a regular expression) takes a frozen frame to do it
 * (decision record 65).
 *
 * <p>A timed batcher may also be given its pane's {@link PulseBudget} ({@link #timed(FrameClock, Duration, LongSupplier,
 * PulseBudget, Consumer)}): it starts the budget's pulse, hands the frame's items over in slices and stops after the
 * slice that used up what the budget gives taking rows in (the pulse's share less what drawing is expected to need).
 * The CPU-time estimate comes from frames before, so it is wrong exactly when the sink's cost jumps (code the JIT has
 * not compiled yet, a collection, the first rows of a search); the wall clock keeps such a frame short whatever the
 * estimate said (decision records 121 and 143).
 *
 * <p>A slice is as many items as the last slice handed over in about {@link #SLICE_TIME} of wall-clock time (at least
 * {@value #MIN_SLICE}, at most {@value #SLICE}); a batcher's very first slice is {@value #FIRST_SLICE} items. The budget
 * is looked at between slices only, so a slice is what a pulse can overrun it by: warm, 1,000 rows take 0.2 to 0.5 ms,
 * but the flood's first rows run in the interpreter and in the JIT's first tier at 5 to 20 µs a row, where a slice of
 * 1,000 overran the share by 5 to 14 ms (decision record 153).
 */
public final class FrameBatcher<T> implements AutoCloseable {

    /** What a timed batcher delivers before it has timed the sink once. */
    static final int FIRST_BATCH = 1_000;
    /** A timed batcher's floor, so a sink slower than the budget still makes progress every frame. */
    static final int MIN_BATCH = 200;
    /** A timed batcher's ceiling, so one mismeasured batch (a coarse clock) cannot take everything. */
    static final int MAX_BATCH = 100_000;
    /** With a pulse budget, the most items handed over between two looks at the clock. */
    static final int SLICE = 1_000;
    /** With a pulse budget, the fewest items handed over between two looks at the clock. */
    static final int MIN_SLICE = 50;
    /** A batcher's first slice, before it has timed one: the first items are the coldest code's. */
    static final int FIRST_SLICE = 100;
    /** About how long a slice may take: what a pulse may overrun its budget by, whatever the sink costs just now. */
    static final Duration SLICE_TIME = Duration.ofMillis(1);

    /**
     * Runs of items in the order added: a stream's batch of rows goes in as one entry, so handing a thousand rows over
     * costs one queue operation on each side instead of a thousand (decision record 147).
     */
    private final ConcurrentLinkedQueue<List<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** The run being delivered and how much of it was; only the UI thread touches them. */
    private List<T> head;
    private int headIndex;
    private final Consumer<List<T>> sink;
    private final AutoCloseable subscription;
    /** Null for a fixed count. */
    private final LongSupplier nanoTime;
    private final long budgetNanos;
    /** Null without a pulse budget. */
    private final PulseBudget pulse;
    private int allowance;
    /** The sink's cost per item, smoothed over batches; 0 until first measured. */
    private double nanosPerItem;
    /** With a pulse budget: the items the next slice hands over, from the wall-clock time of the last one. */
    private int slice = FIRST_SLICE;

    /**
     * A batcher that delivers at most {@code maxPerFrame} items a frame.
     *
     * @param sink receives each non-empty batch on the UI thread (the frame clock's thread)
     */
    public FrameBatcher(FrameClock clock, int maxPerFrame, Consumer<List<T>> sink) {
        this(clock, maxPerFrame, null, 0, null, sink);
        if (maxPerFrame < 1) {
            throw new IllegalArgumentException("maxPerFrame must be positive");
        }
    }

    private FrameBatcher(FrameClock clock, int allowance, LongSupplier nanoTime, long budgetNanos, PulseBudget pulse,
                         Consumer<List<T>> sink) {
        this.allowance = allowance;
        this.nanoTime = nanoTime;
        this.budgetNanos = budgetNanos;
        this.pulse = pulse;
        this.sink = Objects.requireNonNull(sink);
        this.subscription = clock.onEachFrame(this::drain);
    }

    /**
     * A batcher whose sink spends about {@code budget} of each frame: as many items as the sink took that long for,
     * judged by the batches before (at least {@value #MIN_BATCH}, at most {@value #MAX_BATCH}).
     *
     * @param nanoTime the clock the sink is timed with ({@code System::nanoTime}; tests hand in their own)
     */
    public static <T> FrameBatcher<T> timed(FrameClock clock, Duration budget, LongSupplier nanoTime, Consumer<List<T>> sink) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget must be positive");
        }
        return new FrameBatcher<>(clock, FIRST_BATCH, Objects.requireNonNull(nanoTime), budget.toNanos(), null, sink);
    }

    /**
     * A timed batcher that starts {@code pulse} each frame and stops taking items once the time it gives taking rows in
     * has gone by (checked after each slice of about {@link #SLICE_TIME}, at most {@value #SLICE} items, so the sink gets
     * a frame's items in slices; the first slice is always taken, so items always arrive).
     */
    public static <T> FrameBatcher<T> timed(FrameClock clock, Duration budget, LongSupplier nanoTime, PulseBudget pulse,
                                            Consumer<List<T>> sink) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget must be positive");
        }
        return new FrameBatcher<>(clock, FIRST_BATCH, Objects.requireNonNull(nanoTime), budget.toNanos(),
                Objects.requireNonNull(pulse), sink);
    }

    /** Any thread. */
    public void add(T item) {
        queue.add(List.of(item));
        pending.incrementAndGet();
    }

    /**
     * Adds {@code items} in order, as one entry of the queue; any thread. The batcher keeps the list until it has
     * delivered its last item, so the caller must not change it afterwards.
     */
    public void addAll(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        queue.add(items instanceof RandomAccess ? items : new ArrayList<>(items)); // read by index when delivered
        pending.addAndGet(items.size());
    }

    /** Items added but not yet delivered. */
    public int pending() {
        return pending.get();
    }

    /** How many items the next frame may take. */
    public int allowance() {
        return allowance;
    }

    /** Delivers up to the frame's allowance now; called by the frame clock, public for tests and shutdown. */
    public void drain() {
        if (pulse != null) {
            pulse.pulseStarted();
        }
        if (head == null && queue.isEmpty()) {
            return;
        }
        if (nanoTime == null) {
            deliver(allowance);
            return;
        }
        long wallEnd = pulse == null ? 0 : pulse.now() + pulse.ingestNanos();
        long start = nanoTime.getAsLong();
        int delivered = 0;
        while (delivered < allowance) {
            if (pulse == null) {
                delivered += deliver(allowance);
                break;
            }
            long sliceStart = pulse.now();
            int taken = deliver(Math.min(slice, allowance - delivered));
            delivered += taken;
            long now = pulse.now();
            if (taken > 0) {
                sizeSlice(taken, now - sliceStart);
            }
            if (taken == 0 || now >= wallEnd) {
                break;
            }
        }
        if (delivered > 0) {
            adjust(delivered, nanoTime.getAsLong() - start);
        }
    }

    /** Hands the sink up to {@code most} items; answers how many. */
    private int deliver(int most) {
        List<T> batch = new ArrayList<>(Math.min(most, Math.max(16, pending.get())));
        while (batch.size() < most) {
            if (head == null) {
                head = queue.poll();
                headIndex = 0;
                if (head == null) {
                    break;
                }
            }
            int end = headIndex + Math.min(most - batch.size(), head.size() - headIndex);
            // Item by item: addAll of a sub-list goes through its iterator and a copied array (a seventh of the UI
            // thread's samples in scenario 2), where the runs' lists are random-access.
            for (int i = headIndex; i < end; i++) {
                batch.add(head.get(i));
            }
            headIndex = end;
            if (headIndex == head.size()) {
                head = null;
            }
        }
        pending.addAndGet(-batch.size());
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
        return batch.size();
    }

    /**
     * Sizes the next slice by the last one alone, not an average: the sink's cost falls tenfold within the first
     * second as the JIT compiles it, and a slice slowed by a collection or a lost core shrinks only the next one.
     */
    private void sizeSlice(int items, long wallNanos) {
        double perItem = Math.max(1.0, wallNanos) / items;
        slice = (int) Math.max(MIN_SLICE, Math.min(SLICE, SLICE_TIME.toNanos() / perItem));
    }

    private void adjust(int items, long spentNanos) {
        double sample = Math.max(1.0, spentNanos) / items;
        // Half the old estimate and half the new: one slow frame (a collection in the middle of it) halves the next
        // batch instead of shrinking it to the floor.
        nanosPerItem = nanosPerItem == 0 ? sample : (nanosPerItem + sample) / 2;
        allowance = (int) Math.max(MIN_BATCH, Math.min(MAX_BATCH, budgetNanos / nanosPerItem));
    }

    /** Stops the per-frame drain; items not yet delivered are discarded. Call on the UI thread. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        queue.clear();
        head = null;
        pending.set(0);
    }
}
