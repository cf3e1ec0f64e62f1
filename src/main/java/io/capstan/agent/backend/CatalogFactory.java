package io.capstan.agent.backend;

import java.nio.file.Path;
import java.util.List;

/** How the agent obtains its catalogue: the launcher decides which backends and root folder are used. */
@FunctionalInterface
public interface CatalogFactory {
    /** Called once the agent holds its folders' locks, so a catalogue may prepare its root here. */
    Catalog create(RuntimeContextFactory contexts);

    /** The folders the catalogue will serve: the agent locks each one before anything touches it. */
    default List<Path> roots() {
        return List.of();
    }
}
