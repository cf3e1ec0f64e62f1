package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/** 401 (missing or wrong token) or 403 (the agent refused our Host). Retrying will not help. */
public final class UnauthorizedException extends AgentException {
    public UnauthorizedException(ErrorCode code, String message, int httpStatus) {
        super(code, message, httpStatus);
    }
}
