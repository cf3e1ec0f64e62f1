package io.capstan.protocol;

import java.time.Instant;

/**
 * A service of a deployment. {@code pid} for the process backend, {@code container} for compose;
 * {@code health} is optional ({@code healthy}, {@code unhealthy}, {@code starting}) where the backend knows it.
 * {@code restarts} counts the restarts made without an operator (a restart policy, the engine's own) since the
 * service was last started by one; {@code crashLooping} is true once the policy gave up and left it down. Both are
 * null where the backend does not know them (and from an agent that predates them).
 */
public record Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                      Integer exitCode, String activeJob, String health, Integer restarts, Boolean crashLooping) {

    /** Without restart figures: what a backend that has no restart policy reports. */
    public Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                   Integer exitCode, String activeJob, String health) {
        this(name, status, since, pid, container, exitCode, activeJob, health, null, null);
    }

    public Service withActiveJob(String job) {
        return new Service(name, status, since, pid, container, exitCode, job, health, restarts, crashLooping);
    }

    /** Restarts as a number, 0 when unknown. */
    public int restartCount() {
        return restarts == null ? 0 : restarts;
    }

    /** True only when the agent said so. */
    public boolean inCrashLoop() {
        return Boolean.TRUE.equals(crashLooping);
    }
}
