package io.capstan.console.connections;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.ssh.SshTunnel;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.List;

/** "Test connection": asks the agent who it is with the given token. Blocking; run it through a Background. */
public interface ConnectionTester {

    /** Returns a one-line description of the agent, or throws with the reason it could not be reached or refused us. */
    String test(AgentEndpoint endpoint) throws Exception;

    /** The real one: {@code GET /api/v1/info} then the deployment list, so a wrong token fails here, not later. */
    static ConnectionTester real() {
        return endpoint -> {
            if (endpoint.ssh() == null) return describe(endpoint);
            // Through SSH: a tunnel of its own for the test, closed after it.
            try (SshTunnel tunnel = new SshTunnel(endpoint.name() + "-test", endpoint.ssh(), endpoint.baseUrl(), List.of("ssh"),
                    s -> { })) {
                tunnel.start();
                SshTunnel.State state = tunnel.awaitSettled(Duration.ofSeconds(25));
                if (state instanceof SshTunnel.State.Down down) throw new IllegalStateException("SSH failed: " + down.reason());
                if (!(state instanceof SshTunnel.State.Open)) throw new IllegalStateException("SSH did not open the tunnel in time");
                return describe(endpoint.at(tunnel.localUrl())) + ", through SSH";
            }
        };
    }

    private static String describe(AgentEndpoint endpoint) {
        try (AgentClient client = new AgentClient(endpoint)) {
            Messages.Info info = client.info();
            int deployments = client.deployments().deployments().size();
            return "Connected: " + info.agent().name() + ", Capstan " + info.agent().version() + ", " + deployments
                    + (deployments == 1 ? " deployment" : " deployments");
        }
    }
}
