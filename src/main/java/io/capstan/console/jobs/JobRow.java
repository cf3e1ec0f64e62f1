package io.capstan.console.jobs;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.JobColumns;
import io.capstan.protocol.Job;

/** A job and the agent it ran on. */
public record JobRow(AgentConnection agent, Job job) {

    /** {@code shop} or {@code shop/web}. */
    public String target() {
        return JobColumns.target(job);
    }

    public String key() {
        return agent.name() + "/job/" + job.id();
    }
}
