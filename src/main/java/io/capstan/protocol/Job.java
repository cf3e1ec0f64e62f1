package io.capstan.protocol;

import java.time.Instant;

/**
 * A background action and its progress. {@code service} is null for a whole-deployment job. {@code startedBy} is the
 * name of the token whose request created the job ({@code "agent"} for the jobs the agent starts itself), and
 * {@code canceledBy} the name of the token that asked to cancel it; both null from agents that predate them.
 */
public record Job(String id, String deployment, String service, Action action, JobStatus status,
                  Instant createdAt, Instant startedAt, Instant finishedAt, Integer exitCode, String error,
                  long lines, long droppedLines, String startedBy, String canceledBy) {

    /** Who started the jobs the agent submits on its own (autostart); never a token's name. */
    public static final String AGENT = "agent";

    /** A job without its audit fields (an older agent's, or a test's). */
    public Job(String id, String deployment, String service, Action action, JobStatus status,
               Instant createdAt, Instant startedAt, Instant finishedAt, Integer exitCode, String error,
               long lines, long droppedLines) {
        this(id, deployment, service, action, status, createdAt, startedAt, finishedAt, exitCode, error, lines,
                droppedLines, null, null);
    }
}
