package io.capstan.console.fx;

/**
 * Calls listeners once per rendered frame on the UI thread. High-rate data is collected off-thread and drained
 * here, so a flood costs at most one bounded piece of work per frame. Tests use {@link ManualFrameClock}.
 */
public interface FrameClock {

    /** Adds a per-frame callback; closing the handle removes it. */
    AutoCloseable onEachFrame(Runnable callback);
}
