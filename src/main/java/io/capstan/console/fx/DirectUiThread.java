package io.capstan.console.fx;

/**
 * The same-thread twin of {@link FxThread} for view-model tests: work runs at once on the caller's thread, so a
 * test observes its effect on the next line. Callers must not use it from several threads at once.
 */
public final class DirectUiThread implements UiThread {

    @Override
    public void run(Runnable work) {
        work.run();
    }

    @Override
    public boolean isCurrent() {
        return true;
    }
}
