package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;

/** Makes log panes; the console's is backed by the {@code logs} feature, tests may count what is opened. */
public interface LogPaneFactory {

    LogPaneHandle job(AgentConnection agent, Job job);

    LogPaneHandle service(AgentConnection agent, String deployment, String service);

    /** Every service's log of a deployment, merged by time; the default serves factories that have none. */
    default LogPaneHandle deployment(AgentConnection agent, String deployment) {
        throw new UnsupportedOperationException("no deployment log panes here");
    }

    static String deploymentKey(AgentConnection agent, String deployment) {
        return agent.name() + "/deployment-log/" + deployment;
    }

    static String jobKey(AgentConnection agent, String jobId) {
        return agent.name() + "/job/" + jobId;
    }

    static String serviceKey(AgentConnection agent, String deployment, String service) {
        return agent.name() + "/service/" + TargetName.of(deployment, service).label();
    }
}
