package io.capstan.console.format;

import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The cells of the recent-jobs table, one function a column, tested without a window. */
public final class JobColumns {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private JobColumns() {
    }

    /** The action's wire name: start, stop, restart, rebuild. */
    public static String action(Job job) {
        return job.action().wire();
    }

    /** {@code shop} or {@code shop/web}. */
    public static String target(Job job) {
        return TargetName.of(job).label();
    }

    /** Who started it: the name of the token that asked ("agent" for its own autostarts); empty from older agents. */
    public static String startedBy(Job job) {
        return job.startedBy() == null ? "" : job.startedBy();
    }

    /** The pane header's words for {@link #startedBy}: "by ci", empty when unknown. */
    public static String byLine(Job job) {
        return job.startedBy() == null ? "" : "by " + job.startedBy();
    }

    /** The row's tooltip: "restart shop/web, started by ci" (empty from an agent that does not say who). */
    public static String tooltip(Job job) {
        return tooltip(job, null);
    }

    /**
     * The row's tooltip naming the agent too, for a table of several agents whose Agent column may have stepped aside:
     * "restart shop/web on bravo, started by ci"; {@code agent} null leaves it out.
     */
    public static String tooltip(Job job, String agent) {
        String on = agent == null ? "" : " on " + agent;
        if (job.startedBy() == null) {
            return agent == null ? "" : action(job) + " " + target(job) + on;
        }
        return action(job) + " " + target(job) + on + ", started by " + job.startedBy()
                + (job.canceledBy() != null ? ", canceled by " + job.canceledBy() : "");
    }

    /**
     * The tooltip of a row whose agent is offline, worded as the tree and the panes word it: "agent offline since
     * 17:02:11: connection refused", then the usual tooltip; the usual tooltip alone while the agent is live or the
     * job had ended before it went (its outcome is still true).
     *
     * @param offlineSince when the job's agent was last heard from, or null while it is live
     */
    public static String tooltip(Job job, String agent, Instant offlineSince, String reason, ZoneId zone) {
        String usual = tooltip(job, agent);
        if (offlineSince == null || job.status().isTerminal()) {
            return usual;
        }
        String offline = Offline.since(offlineSince, zone, reason);
        return usual.isEmpty() ? offline : offline + "\n" + usual;
    }

    /** When the job was created, wall-clock time in {@code zone}; empty if unknown. */
    public static String started(Job job, ZoneId zone) {
        return job.createdAt() == null ? "" : TIME.format(job.createdAt().atZone(zone));
    }

    /**
     * How long it ran, or has been running. A running job's clock stops when its agent went offline: the console
     * cannot know it still runs.
     *
     * @param agentOfflineSince when the job's agent was last heard from (its clock stops there), or null while it is live
     */
    public static String duration(Job job, Instant agentOfflineSince, Instant now) {
        Instant end = agentOfflineSince != null && agentOfflineSince.isBefore(now) ? agentOfflineSince : now;
        return Durations.between(job.startedAt(), job.finishedAt(), end);
    }
}
