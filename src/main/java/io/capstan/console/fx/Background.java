package io.capstan.console.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work (agent calls, file writes) off the UI thread and hands the outcome back on it. View models
 * take one of these instead of starting threads; tests hand in {@link DirectBackground}.
 */
public interface Background {

    /**
     * Runs {@code work} off the UI thread, then {@code onSuccess} or {@code onFailure} on the UI thread.
     */
    <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code work} off the UI thread; failures are logged. */
    default void execute(Runnable work) {
        submit(() -> {
            work.run();
            return null;
        }, ignored -> { }, failure -> { });
    }
}
