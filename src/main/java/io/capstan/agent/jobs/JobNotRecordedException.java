package io.capstan.agent.jobs;

/** A job was refused because its record could not be written (a full disk, a read-only state folder). */
public final class JobNotRecordedException extends RuntimeException {
    public JobNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
