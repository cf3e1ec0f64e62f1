package io.capstan.console.agents;

import io.capstan.protocol.Action;
import io.capstan.protocol.Job;

/**
 * The blocking calls a view model makes on an agent. {@link AgentConnection} is the real one; a test hands in a
 * fake to script busy refusals and failures.
 */
public interface AgentActions {

    /** Starts {@code action} on a deployment ({@code service} null) or one service; returns the new job. */
    Job perform(Action action, String deployment, String service);

    Job job(String id);

    Job cancel(String id);
}
