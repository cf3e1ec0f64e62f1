package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/**
 * A call to the agent failed. Carries the agent's stable {@link ErrorCode}, its message, and the HTTP status
 * ({@code 0} when no answer arrived). Unchecked so it travels through futures and lambdas; the subclasses name
 * the cases a caller usually handles differently.
 */
public class AgentException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;

    public AgentException(ErrorCode code, String message, int httpStatus) {
        this(code, message, httpStatus, null);
    }

    public AgentException(ErrorCode code, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
