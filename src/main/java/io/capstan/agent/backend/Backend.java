package io.capstan.agent.backend;

import java.nio.file.Path;

/**
 * A kind of deployment. The catalogue asks each backend in turn whether a folder is one of its own, and closes it when
 * the agent stops, after every deployment it opened: whatever the backend holds for all its deployments (engine
 * clients and their connection pools, sampler threads) goes then, so an agent started again in the same JVM (the
 * console's own) starts from nothing.
 */
public interface Backend extends AutoCloseable {
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

    /**
     * A word for what the backend knows of its tools, part of every deployment's fingerprint: when it changes (Compose
     * found after a slow probe) the catalogue opens the backend's deployments again, as for a changed definition.
     */
    default String readiness() {
        return "";
    }

    /**
     * Releases what the backend holds beyond its deployments. The launchers make their backends anew for each agent;
     * a backend handed to another catalogue after this (a test restarting its agent) must still open deployments.
     */
    @Override
    default void close() {
    }
}
