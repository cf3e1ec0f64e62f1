package io.capstan.console.fx;

import javafx.application.Platform;

/**
 * The only class that hops onto the JavaFX application thread. Everything off-thread (client callbacks, background
 * calls, batched log lines) reaches the scene graph through here, so the rule "touch nodes and properties on the
 * FX thread only" has one place to hold and one to check (an architecture test forbids {@code Platform.runLater}
 * anywhere else).
 */
public final class FxThread implements UiThread {

    public static final FxThread INSTANCE = new FxThread();

    private FxThread() {
    }

    @Override
    public void run(Runnable work) {
        if (Platform.isFxApplicationThread()) {
            work.run();
        } else {
            Platform.runLater(work);
        }
    }

    @Override
    public boolean isCurrent() {
        return Platform.isFxApplicationThread();
    }
}
