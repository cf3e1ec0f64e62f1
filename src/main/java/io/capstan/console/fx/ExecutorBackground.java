package io.capstan.console.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's background pool: daemon threads, results delivered through a {@link UiThread}. */
public final class ExecutorBackground implements Background, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackground.class);

    private final UiThread ui;
    private final ExecutorService pool;

    public ExecutorBackground(UiThread ui) {
        this.ui = ui;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "capstan-console-bg-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        pool.execute(() -> {
            try {
                T result = work.call();
                ui.run(() -> onSuccess.accept(result));
            } catch (Exception | Error failure) {
                LOG.debug("background work failed", failure);
                ui.run(() -> onFailure.accept(failure));
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
