package io.capstan.client.sse;

import java.time.Instant;

/** What a reconnecting stream is doing, in terms a UI can show. */
public sealed interface StreamState {

    /** Opening a connection; {@code attempt} counts failures since the last healthy connection, plus one. */
    record Connecting(int attempt) implements StreamState {
    }

    /** Connected and receiving. */
    record Live() implements StreamState {
    }

    /** The last attempt failed ({@code cause}); the next one starts at {@code nextTryAt}. */
    record WaitingToRetry(int attempt, Instant nextTryAt, String cause) implements StreamState {
    }

    /**
     * Will not reconnect: closed by its owner, refused (401/403: {@code UNAUTHORIZED}; another 4xx that a retry
     * cannot change, such as a resume point past the end of a job's log: {@code REFUSED}, the agent's message in
     * {@code message}), gone (404) or finished.
     */
    record Stopped(StopReason reason, String message) implements StreamState {
    }

    /** Why a stream stopped for good. */
    enum StopReason {
        CLOSED, UNAUTHORIZED, NOT_FOUND, ENDED, REFUSED
    }
}
