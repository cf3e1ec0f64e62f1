package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/** 404: no such deployment, service or job (any more). */
public final class NotFoundException extends AgentException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, 404);
    }
}
