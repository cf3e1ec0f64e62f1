package io.capstan.protocol;

import java.time.Instant;

/**
 * One task of an orchestrated service (swarm backend): a replica's current attempt. {@code state} is the
 * orchestrator's word ({@code running}, {@code pending}, {@code failed}, {@code shutdown}, ...), {@code desiredState}
 * what it aims for; {@code error} the orchestrator's reason when the task failed or was rejected; {@code node} the
 * host name of the node it was placed on (null while unplaced); {@code since} when the state was last set.
 */
public record ServiceTask(String id, Integer slot, String node, String state, String desiredState, String error,
                          Integer exitCode, Instant since) {
}
