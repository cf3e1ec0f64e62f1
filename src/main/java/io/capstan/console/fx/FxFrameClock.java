package io.capstan.console.fx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.animation.AnimationTimer;

/**
 * A {@link FrameClock} on JavaFX pulses. One {@link AnimationTimer} serves every listener and runs only while
 * someone listens, so an idle console does not wake up 60 times a second.
 */
public final class FxFrameClock implements FrameClock {

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            for (Runnable callback : callbacks) {
                callback.run();
            }
        }
    };

    /** Must be called on the FX thread, as must closing the returned handle. */
    @Override
    public AutoCloseable onEachFrame(Runnable callback) {
        callbacks.add(callback);
        timer.start();
        return () -> {
            callbacks.remove(callback);
            if (callbacks.isEmpty()) {
                timer.stop();
            }
        };
    }
}
