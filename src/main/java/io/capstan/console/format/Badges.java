package io.capstan.console.format;

import io.capstan.protocol.Deployment;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;

/**
 * The status badges of the tree, the services table and the jobs table, as pure functions of what they show, so the
 * words are tested without a window. An agent's badge is its {@link ConnectionStatus#word()}.
 */
public final class Badges {

    /** What every row of an agent that is offline shows: its last known state is a memory, not a fact. */
    public static final BadgeText UNKNOWN = new BadgeText("unknown", StatusStyles.Tone.MUTED);

    private Badges() {
    }

    public static BadgeText agent(ConnectionStatus status) {
        return new BadgeText(status.word(), StatusStyles.of(status.kind()));
    }

    /** "busy" while a job holds it, else its status; unknown while its agent is offline. */
    public static BadgeText deployment(Deployment deployment, boolean agentOffline) {
        if (agentOffline) {
            return UNKNOWN;
        }
        return deployment.activeJob() != null ? new BadgeText("busy", StatusStyles.Tone.BUSY)
                : new BadgeText(StatusStyles.label(deployment.status()), StatusStyles.of(deployment.status()));
    }

    /**
     * "crash-looping" for a service its restart policy gave up on, "exited 143 (SIGTERM)" for an exited one, else its
     * status with its health ("running · healthy", "running · unhealthy" as a warning) and a swarm service's replicas
     * ("running 2/3"): {@link ServiceHealth}.
     */
    public static BadgeText service(Service service, boolean agentOffline) {
        return service(service, agentOffline, null);
    }

    /** As {@link #service(Service, boolean)}, with a restarting service's time left when {@code now} is known. */
    public static BadgeText service(Service service, boolean agentOffline, java.time.Instant now) {
        if (agentOffline) {
            return UNKNOWN;
        }
        return new BadgeText(ServiceHealth.badge(service, now), ServiceHealth.tone(service));
    }

    /** The job's status, with how it exited when that was not a success ("failed · exited 2"). */
    public static BadgeText job(Job job) {
        return job(job, false);
    }

    /**
     * As {@link #job(Job)}, but unknown for a job that was running (or queued) when its agent went offline: nobody
     * can say whether it still runs. A job that had ended keeps its outcome, which no outage can change.
     */
    public static BadgeText job(Job job, boolean agentOffline) {
        if (agentOffline && !job.status().isTerminal()) {
            return UNKNOWN;
        }
        String label = StatusStyles.label(job.status());
        if (job.exitCode() != null && job.status().isTerminal() && job.exitCode() != 0) {
            label += " · " + ExitStatus.describe(job.exitCode());
        }
        return new BadgeText(label, StatusStyles.of(job.status()));
    }
}
