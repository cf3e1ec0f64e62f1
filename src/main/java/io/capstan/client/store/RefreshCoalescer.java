package io.capstan.client.store;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * At most one fetch in flight. A {@link #request()} while one is in flight only sets a pending flag; when the
 * in-flight fetch ends, succeeded or failed, exactly one more fetch runs if anything was pending (failure rows
 * 7, 8, 11): a burst of any size costs at most two fetches, and the last request is always answered by a fetch
 * that started after it.
 *
 * <p>The fetch is started on the thread that calls {@code request()} or on the thread that completes the
 * previous fetch's stage. Thread-safe.
 */
public final class RefreshCoalescer {
    private final Supplier<? extends CompletionStage<?>> fetch;
    private final Object lock = new Object();
    private boolean inFlight;
    private boolean pending;
    private long started;

    public RefreshCoalescer(Supplier<? extends CompletionStage<?>> fetch) {
        this.fetch = Objects.requireNonNull(fetch);
    }

    /** Asks for a fresh fetch: starts one now, or marks one pending if a fetch is already running. */
    public void request() {
        synchronized (lock) {
            if (inFlight) {
                pending = true;
                return;
            }
            inFlight = true;
            started++;
        }
        run();
    }

    /** How many fetches were started so far. */
    public long fetchesStarted() {
        synchronized (lock) {
            return started;
        }
    }

    public boolean inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    private void run() {
        CompletionStage<?> stage;
        try {
            stage = fetch.get();
        } catch (RuntimeException e) {
            finished();
            return;
        }
        if (stage == null) {
            finished();
            return;
        }
        stage.whenComplete((v, e) -> finished());
    }

    private void finished() {
        synchronized (lock) {
            if (!pending) {
                inFlight = false;
                return;
            }
            pending = false;
            started++;
        }
        run();
    }
}
