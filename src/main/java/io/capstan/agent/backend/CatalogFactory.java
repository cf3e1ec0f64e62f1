package io.capstan.agent.backend;

/** How the agent obtains its catalogue: the launcher decides which backends and root folder are used. */
@FunctionalInterface
public interface CatalogFactory {
    Catalog create(RuntimeContextFactory contexts);
}
