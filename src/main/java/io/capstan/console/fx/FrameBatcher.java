package io.capstan.console.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Collects items on any thread and hands them to the UI thread in batches, once per frame, at most
 * {@code maxPerFrame} at a time: a burst of a million log lines becomes a few hundred bounded UI updates instead of
 * a million {@code runLater} calls. Items are delivered in the order they were added.
 */
public final class FrameBatcher<T> implements AutoCloseable {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final int maxPerFrame;
    private final Consumer<List<T>> sink;
    private final AutoCloseable subscription;

    /**
     * @param sink receives each non-empty batch on the UI thread (the frame clock's thread)
     */
    public FrameBatcher(FrameClock clock, int maxPerFrame, Consumer<List<T>> sink) {
        if (maxPerFrame < 1) {
            throw new IllegalArgumentException("maxPerFrame must be positive");
        }
        this.maxPerFrame = maxPerFrame;
        this.sink = Objects.requireNonNull(sink);
        this.subscription = clock.onEachFrame(this::drain);
    }

    /** Any thread. */
    public void add(T item) {
        queue.add(item);
        pending.incrementAndGet();
    }

    /** Items added but not yet delivered. */
    public int pending() {
        return pending.get();
    }

    /** Delivers up to {@code maxPerFrame} items now; called by the frame clock, public for tests and shutdown. */
    public void drain() {
        if (queue.isEmpty()) {
            return;
        }
        List<T> batch = new ArrayList<>(Math.min(maxPerFrame, Math.max(16, pending.get())));
        T item;
        while (batch.size() < maxPerFrame && (item = queue.poll()) != null) {
            batch.add(item);
        }
        pending.addAndGet(-batch.size());
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
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
        pending.set(0);
    }
}
