package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/**
 * The agent could not answer: not reachable, timed out, or said 503 / another 5xx. Worth retrying later;
 * {@link #retryAfterSeconds()} is the agent's {@code Retry-After} when it sent one, else -1.
 */
public final class UnavailableException extends AgentException {
    private final long retryAfterSeconds;

    public UnavailableException(ErrorCode code, String message, int httpStatus, long retryAfterSeconds, Throwable cause) {
        super(code, message, httpStatus, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
