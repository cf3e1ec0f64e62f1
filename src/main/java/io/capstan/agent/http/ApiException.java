package io.capstan.agent.http;

import io.capstan.protocol.ErrorCode;

/** Ends a request with a typed error body. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String job;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String job) {
        super(message);
        this.code = code;
        this.job = job;
    }

    public ErrorCode code() {
        return code;
    }

    public String job() {
        return job;
    }
}
