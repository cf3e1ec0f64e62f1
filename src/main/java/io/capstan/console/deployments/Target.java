package io.capstan.console.deployments;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import java.util.Objects;

/**
 * What an action would act on: a whole deployment ({@code service} null) or one of its services, with the agent
 * that owns it and the latest state the console knows of it.
 */
public record Target(AgentConnection agent, Deployment deployment, Service service) {

    public Target {
        Objects.requireNonNull(agent);
        Objects.requireNonNull(deployment);
    }

    public boolean wholeDeployment() {
        return service == null;
    }

    public String serviceName() {
        return service == null ? null : service.name();
    }

    /** {@code shop} or {@code shop/web}, as the CLI and the logs write it. */
    public String label() {
        return service == null ? deployment.name() : deployment.name() + "/" + service.name();
    }

    /** The job holding this target, or null. */
    public String activeJob() {
        return service != null && service.activeJob() != null ? service.activeJob() : deployment.activeJob();
    }
}
