package io.capstan.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A service of a deployment. {@code pid} for the process backend, {@code container} for compose;
 * {@code health} is optional ({@code healthy}, {@code unhealthy}, {@code starting}) where the backend knows it.
 * {@code replicas} and {@code tasks} are set by orchestrating backends (swarm), null elsewhere.
 */
public record Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                      Integer exitCode, String activeJob, String health, Replicas replicas, List<ServiceTask> tasks) {

    public Service {
        tasks = tasks == null ? null : List.copyOf(tasks);
    }

    /** A service with no replicas or tasks (process and compose backends). */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, String health) {
        this(name, status, since, pid, container, exitCode, activeJob, health, null, null);
    }

    public Service withActiveJob(String job) {
        return new Service(name, status, since, pid, container, exitCode, job, health, replicas, tasks);
    }
}
