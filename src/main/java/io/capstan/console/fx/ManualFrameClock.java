package io.capstan.console.fx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link FrameClock} a test advances by hand with {@link #tick()}. */
public final class ManualFrameClock implements FrameClock {

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable onEachFrame(Runnable callback) {
        callbacks.add(callback);
        return () -> callbacks.remove(callback);
    }

    /** Runs one frame. */
    public void tick() {
        for (Runnable callback : callbacks) {
            callback.run();
        }
    }

    public int listeners() {
        return callbacks.size();
    }
}
