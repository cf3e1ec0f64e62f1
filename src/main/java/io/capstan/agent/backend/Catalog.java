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

        /**
         * Asked before a changed definition is applied (the old runtime closed, the folder opened again): true
         * reserves the deployment until {@link #changeApplied}, so no job starts on a runtime being closed; false
         * while a job holds the deployment or one of its services, and the catalogue asks again on a later scan.
         * A running job thereby finishes against the definition it started with (decision record 115).
         */
        default boolean applyingChange(String name) {
            return true;
        }

        /** The change {@link #applyingChange} reserved for is applied (or failed); the deployment is free again. */
        default void changeApplied(String name) {
        }
    }

    Collection<DeploymentRuntime> all();

    Optional<DeploymentRuntime> find(String name);

    /** Scans once, reports every deployment as added, then watches. */
    void start(Listener listener);

    @Override
    void close();
}
