package io.capstan.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A service of a deployment. {@code pid} for the process backend, {@code container} for compose;
 * {@code health} is optional ({@link Health}) where the backend knows it.
 * {@code restarts} counts the restarts made without an operator (a restart policy, the engine's own) since the
 * service was last started by one; {@code crashLooping} is true once the policy gave up and left it down. Both are
 * null where the backend does not know them (and from an agent that predates them).
 * {@code replicas} and {@code tasks} are set by orchestrating backends (swarm), null elsewhere.
 * {@code resources} is the agent's latest sample of its CPU and memory while it runs (null when stopped, not sampled
 * yet, or from an agent that predates it); the engine adds it to every snapshot, as it adds {@code activeJob}.
 * {@code restartAt} is when a {@code restarting} service's restart policy starts it again, where the backend knows
 * (the process backend's own policy; not the engine's for compose); null otherwise.
 */
public record Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                      Integer exitCode, String activeJob, HealthStatus health, Integer restarts, Boolean crashLooping,
                      Replicas replicas, List<ServiceTask> tasks, ResourceSample resources, Instant restartAt) {

    public Service {
        tasks = tasks == null ? null : List.copyOf(tasks);
    }

    /** Everything but when a restart is due. */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, HealthStatus health, Integer restarts, Boolean crashLooping,
                   Replicas replicas, List<ServiceTask> tasks, ResourceSample resources) {
        this(name, status, since, pid, container, exitCode, activeJob, health, restarts, crashLooping, replicas, tasks,
                resources, null);
    }

    /** Everything but the resources, which the engine adds (what every backend reports). */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, HealthStatus health, Integer restarts, Boolean crashLooping,
                   Replicas replicas, List<ServiceTask> tasks) {
        this(name, status, since, pid, container, exitCode, activeJob, health, restarts, crashLooping, replicas, tasks,
                null);
    }

    /** Without restart figures, replicas or tasks: what a backend that has none of them reports. */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, HealthStatus health) {
        this(name, status, since, pid, container, exitCode, activeJob, health, null, null, null, null);
    }

    /** A supervised service: restart figures, no replicas or tasks (process and compose backends). */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, HealthStatus health, Integer restarts, Boolean crashLooping) {
        this(name, status, since, pid, container, exitCode, activeJob, health, restarts, crashLooping, null, null);
    }

    /** An orchestrated service: replicas and tasks, restarts left to the orchestrator (swarm). */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, HealthStatus health, Replicas replicas, List<ServiceTask> tasks) {
        this(name, status, since, pid, container, exitCode, activeJob, health, null, null, replicas, tasks);
    }

    public Service withActiveJob(String job) {
        return new Service(name, status, since, pid, container, exitCode, job, health, restarts, crashLooping,
                replicas, tasks, resources, restartAt);
    }

    public Service withResources(ResourceSample sample) {
        return new Service(name, status, since, pid, container, exitCode, activeJob, health, restarts, crashLooping,
                replicas, tasks, sample, restartAt);
    }

    /** The same service, its restart due at {@code at} (a restarting service of the process backend). */
    public Service withRestartAt(Instant at) {
        return new Service(name, status, since, pid, container, exitCode, activeJob, health, restarts, crashLooping,
                replicas, tasks, resources, at);
    }

    /** Restarts as a number, 0 when unknown. */
    public int restartCount() {
        return restarts == null ? 0 : restarts;
    }

    /**
     * Whether it ended on its own: {@code exited}, or {@code restarting} (exited, and its restart policy is about to
     * start it again). A stop an operator asked for is neither.
     */
    public boolean endedOnItsOwn() {
        return status == ServiceStatus.EXITED || status == ServiceStatus.RESTARTING;
    }

    /** True only when the agent said so. */
    public boolean inCrashLoop() {
        return Boolean.TRUE.equals(crashLooping);
    }
}
