package io.capstan.agent.http;

import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.TokenRefusal;

/** Ends a request with a typed error body. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String job;
    private final TokenRefusal reason;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String job) {
        this(code, message, job, null);
    }

    /** {@code reason}: why a known token was refused (the body's {@code reason}), else null. */
    public ApiException(ErrorCode code, String message, String job, TokenRefusal reason) {
        super(message);
        this.code = code;
        this.job = job;
        this.reason = reason;
    }

    public TokenRefusal reason() {
        return reason;
    }

    public ErrorCode code() {
        return code;
    }

    public String job() {
        return job;
    }
}
