package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;

/** Opens (or brings to front) a log pane. The main window implements it with its log dock. */
public interface LogOpener {

    void openJob(AgentConnection agent, Job job);

    void openService(AgentConnection agent, String deployment, String service);

    /** Every service's log of {@code deployment}, interleaved by time, in one pane. */
    default void openDeployment(AgentConnection agent, String deployment) {
        throw new UnsupportedOperationException("no deployment log panes here");
    }
}
