package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;

/** Opens (or brings to front) a log pane. The main window implements it with its log dock. */
public interface LogOpener {

    void openJob(AgentConnection agent, Job job);

    void openService(AgentConnection agent, String deployment, String service);
}
