package io.capstan.agent.audit;

import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;
import io.capstan.protocol.Timestamps;
import io.capstan.protocol.WireNames;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit lines of the agent's log, one per action: {@code audit at=<when> who=<token name> what=<action>
 * target=<deployment[/service]> [job=<id>] result=<...>}. Key-value pairs, values with spaces quoted, so a line reads
 * at a glance and still splits with a script. The job record carries the same facts ({@code GET /api/v1/jobs}); these
 * lines add what no job records: refused requests and changes to the token file.
 */
public final class AuditLog {
    /** Its own logger name, so an operator can send it elsewhere or keep it when the rest is quiet. */
    public static final String LOGGER = "io.capstan.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    /** A job was accepted (queued). */
    public static void accepted(Job j) {
        line(j.createdAt(), j.startedBy(), j.action().wire(), target(j), j.id(), "accepted");
    }

    /** A job ended: its status, with the error or exit code when there is one. */
    public static void ended(Job j) {
        StringBuilder result = new StringBuilder(WireNames.of(j.status()));
        if (j.exitCode() != null) result.append(" (exit ").append(j.exitCode()).append(')');
        if (j.error() != null) result.append(": ").append(j.error());
        line(j.finishedAt(), j.startedBy(), j.action().wire(), target(j), j.id(), result.toString());
    }

    /** Someone asked to cancel a running job. */
    public static void cancelRequested(String who, Job j, Instant at) {
        line(at, who, "cancel", target(j), j.id(), "requested");
    }

    /** An action refused before any job existed (the target busy, no room to record it). */
    public static void refused(String who, String what, String target, String reason, Instant at) {
        line(at, who, what, target, null, "refused: " + reason);
    }

    /** A request refused for its token: a revoked one (by name) or none the agent knows. */
    public static void denied(String who, String what, String reason, Instant at) {
        line(at, who, what, null, null, "denied: " + reason);
    }

    /** The token file changed: a token added or revoked (the agent reads who did it from nowhere: an operator). */
    public static void tokenChanged(String what, String name, Instant at) {
        line(at, "operator", what, name, null, "done");
    }

    private static String target(Job j) {
        return TargetName.of(j).label();
    }

    private static void line(Instant at, String who, String what, String target, String job, String result) {
        if (!LOG.isInfoEnabled()) return;
        StringBuilder b = new StringBuilder("audit");
        pair(b, "at", at == null ? null : Timestamps.format(at));
        pair(b, "who", who == null ? "unknown" : who);
        pair(b, "what", what);
        if (target != null) pair(b, "target", target);
        if (job != null) pair(b, "job", job);
        pair(b, "result", result);
        LOG.info(b.toString());
    }

    /** {@code key=value}, the value quoted (and its quotes and backslashes escaped) when it holds a space or a quote. */
    static void pair(StringBuilder b, String key, String value) {
        b.append(' ').append(key).append('=');
        String v = value == null ? "-" : value.replace('\n', ' ').replace('\r', ' ');
        if (v.isEmpty() || v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
            b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else {
            b.append(v);
        }
    }
}
