package io.capstan.agent.swarm;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code swarm} backend: a deployment is a folder holding {@code docker-stack.yml} (or {@code .yaml}), deployed
 * as the stack named after the folder on the swarm manager the agent's engine is (docs/deployments.md, decision
 * record 75). Asked after the process backend and before compose: a stack file is the operator's word that the
 * folder runs on the swarm.
 */
public final class SwarmBackend implements Backend {
    public static final String KIND = "swarm";

    private final SwarmEngine engine;
    /** True when the backend made its engine ({@link #detect()}) and so closes it; a handed-in engine is the caller's. */
    private final boolean ownsEngine;
    /** Stack name to the deployment using it: two deployments must never drive one stack. */
    private final Map<String, String> stacks = new HashMap<>();

    /** With an engine the caller keeps and closes (tests share one across agents, so it outlives this backend). */
    public SwarmBackend(SwarmEngine engine) {
        this(engine, false);
    }

    private SwarmBackend(SwarmEngine engine, boolean ownsEngine) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
    }

    /** With the engine named by the agent's {@code DOCKER_HOST}, which this backend owns and closes. */
    public static SwarmBackend detect() {
        return owning(SwarmEngine.fromEnvironment());
    }

    /** With {@code engine}, closed with the backend (when the agent stops). */
    public static SwarmBackend owning(SwarmEngine engine) {
        return new SwarmBackend(engine, true);
    }

    /** The engine's API clients (two connection pools) and container samplers (threads, a pool each) go with the agent. */
    @Override
    public void close() {
        if (ownsEngine) engine.close();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean claims(Path folder) {
        return StackFile.find(folder).isPresent();
    }

    /** The stack's name: the deployment's with every character outside {@code [a-z0-9_-]} removed, as for compose. */
    static String stackName(String deployment) {
        return deployment.replaceAll("[^a-z0-9_-]", "");
    }

    @Override
    public DeploymentRuntime open(String name, Path folder, RuntimeContext context) throws DeploymentConfigException {
        StackFile file = StackFile.read(folder);
        String stack = stackName(name);
        synchronized (stacks) {
            String owner = stacks.putIfAbsent(stack, name);
            if (owner != null && !owner.equals(name)) {
                throw new DeploymentConfigException("stack name '" + stack + "' is already used by deployment " + owner
                        + "; rename one of the folders");
            }
        }
        SwarmDeployment d = new SwarmDeployment(name, stack, folder, file, engine, context, () -> release(stack, name));
        d.start();
        return d;
    }

    private void release(String stack, String name) {
        synchronized (stacks) {
            stacks.remove(stack, name);
        }
    }
}
