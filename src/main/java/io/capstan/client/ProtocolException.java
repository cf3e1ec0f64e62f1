package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/** The agent answered, but not in the protocol: bad JSON, a missing field, an HTML page, a wrong content type. */
public final class ProtocolException extends AgentException {
    public ProtocolException(String message, int httpStatus, Throwable cause) {
        super(ErrorCode.INTERNAL, message, httpStatus, cause);
    }
}
