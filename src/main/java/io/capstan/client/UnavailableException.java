package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/**
 * The agent could not answer: not reachable, timed out, or said 503 / another 5xx. Worth retrying later;
 * {@link #retryAfterSeconds()} is the agent's {@code Retry-After} when it sent one, else -1.
 */
public final class UnavailableException extends AgentException {
    private final long retryAfterSeconds;
    private final boolean requestMayHaveArrived;

    public UnavailableException(ErrorCode code, String message, int httpStatus, long retryAfterSeconds, Throwable cause) {
        this(code, message, httpStatus, retryAfterSeconds, cause, false);
    }

    /**
     * With {@code requestMayHaveArrived}: the request went out and no answer came back, so what it asked for may have
     * been done (a job started): the caller cannot say "failed" (decision record 163).
     */
    public UnavailableException(ErrorCode code, String message, int httpStatus, long retryAfterSeconds, Throwable cause,
            boolean requestMayHaveArrived) {
        super(code, message, httpStatus, cause);
        this.retryAfterSeconds = retryAfterSeconds;
        this.requestMayHaveArrived = requestMayHaveArrived;
    }

    /** True when the request went out and its answer was lost: what it asked for may have been done. */
    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
