package io.capstan.protocol;

/**
 * Something numbered in its stream: a {@link Line} in its log, a {@link Messages.AgentEvent} in the agent's sequence.
 * Numbers start at 1 and rise by exactly 1; a number a reader does not get is a gap (or, for events, a refetch).
 */
public interface Sequenced {
    long seq();
}
