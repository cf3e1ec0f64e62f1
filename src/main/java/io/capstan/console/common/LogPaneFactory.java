package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;

/** Makes log panes; the console's is backed by the {@code logs} feature, tests may count what is opened. */
public interface LogPaneFactory {

    LogPaneHandle job(AgentConnection agent, Job job);

    LogPaneHandle service(AgentConnection agent, String deployment, String service);

    static String jobKey(AgentConnection agent, String jobId) {
        return agent.name() + "/job/" + jobId;
    }

    static String serviceKey(AgentConnection agent, String deployment, String service) {
        return agent.name() + "/service/" + TargetName.of(deployment, service).label();
    }
}
