package io.capstan.client.sse;

import java.time.Instant;

/** What a reconnecting stream is doing, in terms a UI can show. */
public sealed interface StreamState {

    /** Opening a connection; {@code attempt} counts failures since the last healthy connection, plus one. */
    record Connecting(int attempt) implements StreamState {
        /** A try after a failed one: what readers word as "reconnecting", not "connecting". */
        public boolean retry() {
            return attempt > 1;
        }
    }

    /**
     * Connected and receiving. {@code note}: said once, on the first live state after the stream had to start afresh
     * (the agent refused its resume point as past the end of what it holds); null otherwise.
     */
    record Live(String note) implements StreamState {
        public Live() {
            this(null);
        }
    }

    /**
     * The last attempt failed ({@code cause}); the next one starts at {@code nextTryAt}. {@code lastContact}: when the
     * agent was last heard from (the last byte any of its streams read, or the last successful answer to a call), not
     * when the failure was noticed, which for a silent connection is a whole silence window later; null if it never
     * was. What an "offline since" shows (decision record 151).
     */
    record WaitingToRetry(int attempt, Instant nextTryAt, String cause, Instant lastContact) implements StreamState {
        /** Without a known last contact. */
        public WaitingToRetry(int attempt, Instant nextTryAt, String cause) {
            this(attempt, nextTryAt, cause, null);
        }
    }

    /**
     * Will not reconnect: closed by its owner, refused (401/403), its token revoked, gone (404), finished, or
     * rejected (another 4xx a retry cannot change, such as a resume point past the end of a job's log: the agent's
     * message in {@code message}).
     */
    record Stopped(StopReason reason, String message) implements StreamState {
        /** The agent refused the token, whether it never knew it or it was revoked or rotated. */
        public boolean refused() {
            return reason == StopReason.UNAUTHORIZED || reason == StopReason.REVOKED;
        }
    }

    /**
     * Why a stream stopped for good. {@link #REVOKED}: the agent knows the token and no longer accepts it (revoked or
     * rotated: a 401 with a {@code reason}, or the stream's {@code revoked} event), with the agent's words as the
     * message; {@link #UNAUTHORIZED}: any other refusal (a wrong token, a refused Host).
     */
    enum StopReason {
        CLOSED, UNAUTHORIZED, REVOKED, NOT_FOUND, ENDED, REJECTED
    }
}
