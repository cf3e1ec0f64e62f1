package io.capstan.agent.catalog;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * A deployment whose definition cannot be used: listed with its error and no services, refusing every
 * action with that error, so one broken file never takes the agent down.
 */
public final class BrokenDeployment implements DeploymentRuntime {
    private final String name;
    private final String backend;
    private final String error;
    private final Instant since = Timestamps.millis(Instant.now());

    public BrokenDeployment(String name, String backend, String error) {
        this.name = name;
        this.backend = backend;
        this.error = error;
    }

    public String error() {
        return error;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public List<String> serviceNames() {
        return List.of();
    }

    @Override
    public Deployment snapshot() {
        return new Deployment(name, backend, DeploymentStatus.UNKNOWN, List.of(), null, since, error);
    }

    @Override
    public void perform(Action action, String service, LineSink out) throws ActionFailedException {
        out.system(error);
        throw new ActionFailedException(error, null);
    }

    @Override
    public void close() {
        // Nothing runs.
    }
}
