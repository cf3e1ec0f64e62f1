package io.capstan.agent.backend;

import java.nio.file.Path;

/** A kind of deployment. The catalogue asks each backend in turn whether a folder is one of its own. */
public interface Backend {
    /** {@code process}, {@code compose}. */
    String kind();

    /** True when {@code folder} holds this backend's definition file. */
    boolean claims(Path folder);

    /**
     * Opens a deployment. {@code context} carries the sinks for service runtime logs and the change callback.
     *
     * @throws DeploymentConfigException when the definition is unusable; the deployment is then listed with
     *     that error and no services, and the agent goes on.
     */
    DeploymentRuntime open(String name, Path folder, RuntimeContext context) throws DeploymentConfigException;
}
