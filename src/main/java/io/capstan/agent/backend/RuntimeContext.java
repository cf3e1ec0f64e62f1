package io.capstan.agent.backend;

/**
 * What the engine hands a runtime: a sink per service for its runtime log (stdout, stderr and the agent's
 * own "started/exited" lines), and a callback to say the state changed (a service exited on its own, a
 * container stopped from outside) so the engine publishes a {@code deployment} event.
 */
public interface RuntimeContext {
    LineSink serviceLog(String service);

    void changed();
}
