package io.capstan.console.deployments;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.protocol.Deployment;

/** One row of the agents-and-deployments tree; {@link #key()} identifies it across snapshots. */
public sealed interface TreeRow {

    String key();

    /** The key of a deployment's row: its agent's name, then the deployment's ({@code lab/shop}). */
    static String deploymentKey(String agent, String deployment) {
        return agent + "/" + deployment;
    }

    AgentConnection agent();

    /** An agent, with its connection status and how many of its deployments run. */
    record AgentRow(AgentConnection agent, ConnectionStatus status, int deployments, int running) implements TreeRow {
        @Override
        public String key() {
            return agent.name();
        }
    }

    /**
     * A deployment under its agent.
     *
     * @param unreachable "agent offline since 17:02:11: connection refused" while the agent is offline (its status
     *                    is then unknown); null while the agent is live
     */
    record DeploymentRow(AgentConnection agent, Deployment deployment, String unreachable) implements TreeRow {
        public DeploymentRow(AgentConnection agent, Deployment deployment) {
            this(agent, deployment, null);
        }

        @Override
        public String key() {
            return TreeRow.deploymentKey(agent.name(), deployment.name());
        }
    }
}
