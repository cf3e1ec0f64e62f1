package io.capstan.console.jobs;

import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Job;

/** A job and the agent it ran on. */
public record JobRow(AgentConnection agent, Job job) {

    /** {@code shop} or {@code shop/web}. */
    public String target() {
        return job.service() == null ? job.deployment() : job.deployment() + "/" + job.service();
    }

    public String key() {
        return agent.name() + "/job/" + job.id();
    }
}
