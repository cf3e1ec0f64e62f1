package io.capstan.agent.backend;

import java.util.Collection;
import java.util.Optional;

/**
 * The set of deployments under the agent's root folder, kept current while the agent runs: folders added,
 * removed or whose definition changed are noticed and reported to the listener.
 */
public interface Catalog extends AutoCloseable {

    /** Told of every change; called from the catalogue's own thread. */
    interface Listener {
        void added(DeploymentRuntime runtime);

        void changed(DeploymentRuntime runtime);

        void removed(String name);
    }

    Collection<DeploymentRuntime> all();

    Optional<DeploymentRuntime> find(String name);

    /** Scans once, reports every deployment as added, then watches. */
    void start(Listener listener);

    @Override
    void close();
}
