package io.capstan.protocol;

import java.time.Instant;

/** A background action and its progress. {@code service} is null for a whole-deployment job. */
public record Job(String id, String deployment, String service, Action action, JobStatus status,
                  Instant createdAt, Instant startedAt, Instant finishedAt, Integer exitCode, String error,
                  long lines, long droppedLines) {
}
