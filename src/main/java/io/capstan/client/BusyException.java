package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/** 409 {@code busy}: another job holds the target; {@link #holderJobId()} names it so a UI can attach to it. */
public final class BusyException extends AgentException {
    private final String holderJobId;

    public BusyException(String message, String holderJobId) {
        super(ErrorCode.BUSY, message, 409);
        this.holderJobId = holderJobId;
    }

    /** The running job that holds the target; null if the agent did not say. */
    public String holderJobId() {
        return holderJobId;
    }
}
