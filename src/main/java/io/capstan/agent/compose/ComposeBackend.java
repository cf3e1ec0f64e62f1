package io.capstan.agent.compose;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code compose} backend: a deployment is a folder holding a Compose file ({@code compose.yaml},
 * {@code compose.yml}, {@code docker-compose.yml} or {@code docker-compose.yaml}); its services are the file's
 * services, run by the container engine through the Compose CLI (docs/deployments.md, decision record 10).
 * Asked after the process backend, so a folder holding a {@code capstan.yaml} stays a process deployment.
 */
public final class ComposeBackend implements Backend {
    public static final String KIND = "compose";

    private final ComposeCli cli;
    /** Project name to the deployment using it: two deployments must never drive one project. */
    private final Map<String, String> projects = new HashMap<>();

    public ComposeBackend(ComposeCli cli) {
        this.cli = cli;
    }

    /** With the CLIs found on the agent's PATH (logged at once: which one, or why none works). */
    public static ComposeBackend detect() {
        return new ComposeBackend(ComposeCli.detect());
    }

    public ComposeCli cli() {
        return cli;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean claims(Path folder) {
        return ComposeFiles.main(folder).isPresent();
    }

    @Override
    public DeploymentRuntime open(String name, Path folder, RuntimeContext context) throws DeploymentConfigException {
        if (cli.problem() != null) throw new DeploymentConfigException(cli.problem());
        String project = ProjectName.of(name);
        synchronized (projects) {
            String owner = projects.putIfAbsent(project, name);
            if (owner != null && !owner.equals(name)) {
                throw new DeploymentConfigException("compose project name '" + project + "' is already used by deployment "
                        + owner + "; rename one of the folders");
            }
        }
        try {
            return ComposeDeployment.open(name, project, folder, cli, context, () -> release(project, name));
        } catch (DeploymentConfigException | RuntimeException e) {
            release(project, name);
            throw e;
        }
    }

    private void release(String project, String name) {
        synchronized (projects) {
            projects.remove(project, name);
        }
    }
}
