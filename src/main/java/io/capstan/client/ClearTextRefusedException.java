package io.capstan.client;

import io.capstan.protocol.ErrorCode;

/**
 * A call that would send the token in clear text (plain HTTP) to a host that is not this machine, from a connection not
 * saved as insecure on purpose. Nothing was sent. Use {@code https://} (the agent's {@code --tls}), an SSH tunnel, or
 * save the connection as insecure.
 */
public final class ClearTextRefusedException extends AgentException {
    public ClearTextRefusedException(AgentEndpoint endpoint) {
        super(ErrorCode.BAD_REQUEST, "refusing to send the token in clear text to " + AgentEndpoint.host(endpoint.baseUrl())
                + ": use https:// (capstan agent --tls), an SSH tunnel, or save the connection as insecure on purpose", 0);
    }
}
