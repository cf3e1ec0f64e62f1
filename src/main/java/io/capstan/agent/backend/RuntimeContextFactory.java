package io.capstan.agent.backend;

/** Supplied by the engine to the catalogue: the context for the deployment of that name. */
@FunctionalInterface
public interface RuntimeContextFactory {
    RuntimeContext forDeployment(String deployment);
}
