package io.capstan.console.deployments;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.TargetName;
import java.util.Objects;

/**
 * What an action would act on: a whole deployment ({@code service} null) or one of its services, with the agent
 * that owns it and the latest state the console knows of it.
 *
 * @param unreachable why the agent cannot be acted on now ("agent offline since 17:02:11"), or null while it is live
 */
public record Target(AgentConnection agent, Deployment deployment, Service service, String unreachable) {

    public Target {
        Objects.requireNonNull(agent);
        Objects.requireNonNull(deployment);
    }

    public Target(AgentConnection agent, Deployment deployment, Service service) {
        this(agent, deployment, service, null);
    }

    public boolean wholeDeployment() {
        return service == null;
    }

    public String serviceName() {
        return service == null ? null : service.name();
    }

    /** {@code shop} or {@code shop/web}, as the CLI and the logs write it. */
    public String label() {
        return TargetName.label(deployment.name(), serviceName());
    }

    /** The deployment and service acted on, as the protocol names them. */
    public TargetName name() {
        return TargetName.of(deployment.name(), serviceName());
    }

    /**
     * The job holding this target, or null: the service's own job or the deployment's; for a whole deployment, also
     * a job holding any one of its services, since the agent refuses a deployment job while one runs (409 busy).
     */
    public String activeJob() {
        if (service != null) {
            return service.activeJob() != null ? service.activeJob() : deployment.activeJob();
        }
        if (deployment.activeJob() != null) {
            return deployment.activeJob();
        }
        return deployment.services().stream().map(Service::activeJob).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** "service api of shop on lab", "deployment shop on lab": the toolbar names the exact target. */
    public String describe() {
        String where = " on " + agent.name();
        return service == null ? "deployment " + deployment.name() + where
                : "service " + service.name() + " of " + deployment.name() + where;
    }
}
