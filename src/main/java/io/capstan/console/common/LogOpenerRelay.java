package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;
import java.util.Objects;

/**
 * Lets view models be built before the window that hosts the log dock exists: they get this relay, and the main
 * window plugs the dock in once it is loaded.
 */
public final class LogOpenerRelay implements LogOpener {

    private LogOpener target;

    public void connect(LogOpener opener) {
        this.target = Objects.requireNonNull(opener);
    }

    @Override
    public void openJob(AgentConnection agent, Job job) {
        require().openJob(agent, job);
    }

    @Override
    public void openService(AgentConnection agent, String deployment, String service) {
        require().openService(agent, deployment, service);
    }

    @Override
    public void openDeployment(AgentConnection agent, String deployment) {
        require().openDeployment(agent, deployment);
    }

    private LogOpener require() {
        if (target == null) {
            throw new IllegalStateException("the log dock is not ready yet");
        }
        return target;
    }
}
