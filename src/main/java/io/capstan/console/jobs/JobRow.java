package io.capstan.console.jobs;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.JobColumns;
import io.capstan.protocol.Job;
import java.time.Instant;

/**
 * A job and the agent it ran on, with when that agent went offline (null while it is live): a row whose agent goes
 * offline or comes back is a new row, so the table redraws its badge, tooltip and clock.
 */
public record JobRow(AgentConnection agent, Job job, Instant agentOfflineSince) {

    public JobRow(AgentConnection agent, Job job) {
        this(agent, job, null);
    }

    /** {@code shop} or {@code shop/web}. */
    public String target() {
        return JobColumns.target(job);
    }

    public String key() {
        return agent.name() + "/job/" + job.id();
    }

    /** Whether what this row says of a running job is unknown: its agent is offline and the job had not ended. */
    public boolean unknown() {
        return agentOfflineSince != null && !job.status().isTerminal();
    }
}
