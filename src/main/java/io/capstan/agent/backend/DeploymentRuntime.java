package io.capstan.agent.backend;

import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import java.util.List;

/**
 * One live deployment owned by a backend. The engine serialises actions per target (locking is the
 * engine's job), overlays {@code activeJob} on the snapshot and publishes events when told of a change.
 */
public interface DeploymentRuntime extends AutoCloseable {
    String name();

    /** {@code process} or {@code compose}. */
    String backend();

    /** Service names in start order. */
    List<String> serviceNames();

    /** The current state; {@code activeJob} fields are left null (the engine fills them). Cheap, non-blocking. */
    Deployment snapshot();

    /**
     * Runs an action to completion on the calling thread (a job thread), writing its output to {@code out}.
     * Returns normally on success. Cancellation and timeouts interrupt the calling thread: the runtime must
     * then stop whatever it started (kill the step's process tree) and throw {@link InterruptedException}
     * promptly.
     *
     * @param service null for the whole deployment
     */
    void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException;

    /** The detail of one of its services (docs/protocol.md, "Service detail"); empty when the backend has none. */
    default java.util.Optional<io.capstan.protocol.ServiceDetail> detail(String service) {
        return java.util.Optional.empty();
    }

    /**
     * Measures the CPU and memory of its running services (a service that does not run is left out). Called by the
     * agent's one sampling thread every interval, never concurrently with itself; it may block for a moment (a read of
     * {@code /proc}) but never for long: every deployment waits for it. A backend that asks a container engine answers
     * with what its last reads found and asks again in the background ({@code agent.containers.ContainerSampler}).
     */
    default java.util.Map<String, ResourceUsage> resources() {
        return java.util.Map.of();
    }

    /** Actions that are available here (compose may refuse some on some services). */
    default boolean supports(Action action, String service) {
        return true;
    }

    /** Starts the services that their definition marks to start with the agent; called once after opening. */
    default List<String> autostartServices() {
        return List.of();
    }

    /** Stops everything it supervises; called when the agent shuts down or the deployment is removed. */
    @Override
    void close();
}
