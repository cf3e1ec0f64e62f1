package io.capstan.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A deployment and its services. {@code error} is an extension to the shared protocol: non-null when the
 * deployment's definition cannot be used (a broken capstan.yaml), with a message an operator can act on.
 * {@code nodes} is set by orchestrating backends (swarm: the swarm's nodes), null elsewhere.
 */
public record Deployment(String name, String backend, DeploymentStatus status, List<Service> services,
                         String activeJob, Instant updatedAt, String error, List<ClusterNode> nodes) {

    public Deployment {
        services = services == null ? List.of() : List.copyOf(services);
        nodes = nodes == null ? null : List.copyOf(nodes);
    }

    /** A deployment on one host (process and compose backends). */
    public Deployment(String name, String backend, DeploymentStatus status, List<Service> services,
                      String activeJob, Instant updatedAt, String error) {
        this(name, backend, status, services, activeJob, updatedAt, error, null);
    }
}
