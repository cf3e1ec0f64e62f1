package io.capstan.protocol;

import java.time.Instant;

/**
 * A service of a deployment. {@code pid} for the process backend, {@code container} for compose;
 * {@code health} is optional ({@code healthy}, {@code unhealthy}, {@code starting}) where the backend knows it.
 */
public record Service(String name, ServiceStatus status, Instant since, Long pid, String container,
                      Integer exitCode, String activeJob, String health) {

    public Service withActiveJob(String job) {
        return new Service(name, status, since, pid, container, exitCode, job, health);
    }
}
