package io.capstan.console.connections;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.protocol.Messages;

/** "Test connection": asks the agent who it is with the given token. Blocking; run it through a Background. */
public interface ConnectionTester {

    /** Returns a one-line description of the agent, or throws with the reason it could not be reached or refused us. */
    String test(AgentEndpoint endpoint) throws Exception;

    /** The real one: {@code GET /api/v1/info} then the deployment list, so a wrong token fails here, not later. */
    static ConnectionTester real() {
        return endpoint -> {
            try (AgentClient client = new AgentClient(endpoint)) {
                Messages.Info info = client.info();
                int deployments = client.deployments().deployments().size();
                return "Connected: " + info.agent().name() + ", Capstan " + info.agent().version() + ", " + deployments
                        + (deployments == 1 ? " deployment" : " deployments");
            }
        };
    }
}
