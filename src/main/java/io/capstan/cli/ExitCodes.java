package io.capstan.cli;

/** Exit codes scripts can rely on; documented in the README. */
public final class ExitCodes {
    /** The command (or the job it waited for) succeeded. */
    public static final int OK = 0;
    /** The job failed, was canceled or was interrupted. */
    public static final int JOB_FAILED = 1;
    /** Wrong usage (picocli's own code). */
    public static final int USAGE = 2;
    /** The target is busy with another job; for {@code capstan agent}: another agent owns its folders. The message names it. */
    public static final int BUSY = 3;
    /** The agent could not be reached or refused the request (unauthorized, not found, ...). */
    public static final int AGENT_ERROR = 4;

    private ExitCodes() {
    }
}
