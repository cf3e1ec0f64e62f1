package io.capstan.console.fx;

/**
 * Where view-model state may change. The console has one production implementation, {@link FxThread}; the UI tests
 * run on it too, and the benchmark drives a view model on a thread of its own through this interface.
 */
public interface UiThread {

    /** Runs {@code work} on the UI thread: later if called from elsewhere, at once or later if already on it. */
    void run(Runnable work);

    /** True on the thread that owns the scene graph. */
    boolean isCurrent();
}
