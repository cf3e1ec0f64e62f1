package io.capstan.console.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** The same-thread twin of {@link ExecutorBackground} for tests: work and its outcome run at once, in order. */
public final class DirectBackground implements Background {

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception failure) {
            onFailure.accept(failure);
            return;
        }
        onSuccess.accept(result);
    }
}
