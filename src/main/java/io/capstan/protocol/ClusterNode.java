package io.capstan.protocol;

/**
 * A node of the orchestrator a deployment runs on (swarm backend). {@code status} is {@code ready},
 * {@code down}, {@code disconnected} or {@code unknown}; {@code availability} {@code active}, {@code pause} or
 * {@code drain}; {@code role} {@code manager} or {@code worker}; {@code tasks} how many of the deployment's tasks
 * run there now.
 */
public record ClusterNode(String id, String hostname, String role, String status, String availability, int tasks) {
}
