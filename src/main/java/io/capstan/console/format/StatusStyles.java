package io.capstan.console.format;

import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import java.util.Locale;

/**
 * Which badge a status wears. Every place that shows a status uses these, so a failed job is red in the jobs
 * table, the log header and the tree alike (failure row 30). The tones map to CSS classes {@code badge-<tone>}.
 */
public final class StatusStyles {

    /** Badge colours, from calm to alarming. */
    public enum Tone {
        OK, BUSY, IDLE, WARN, DANGER, MUTED;

        public String styleClass() {
            return "badge-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private StatusStyles() {
    }

    public static Tone of(DeploymentStatus status) {
        if (status == null) {
            return Tone.MUTED;
        }
        switch (status) {
            case RUNNING:
                return Tone.OK;
            case PARTIAL:
            case RESTARTING:
                return Tone.WARN;
            case FAILED:
                return Tone.DANGER;
            case STOPPED:
                return Tone.IDLE;
            default:
                return Tone.MUTED;
        }
    }

    public static Tone of(ServiceStatus status, Integer exitCode) {
        if (status == null) {
            return Tone.MUTED;
        }
        switch (status) {
            case RUNNING:
                return Tone.OK;
            case STARTING:
            case STOPPING:
                return Tone.BUSY;
            case EXITED:
                return exitCode != null && exitCode == 0 ? Tone.IDLE : Tone.DANGER;
            case RESTARTING:
                return Tone.WARN;
            case STOPPED:
                return Tone.IDLE;
            default:
                return Tone.MUTED;
        }
    }

    public static Tone of(JobStatus status) {
        if (status == null) {
            return Tone.MUTED;
        }
        switch (status) {
            case QUEUED:
            case RUNNING:
                return Tone.BUSY;
            case SUCCEEDED:
                return Tone.OK;
            case FAILED:
                return Tone.DANGER;
            case CANCELED:
            case INTERRUPTED:
                return Tone.WARN;
            default:
                return Tone.MUTED;
        }
    }

    public static Tone of(ConnectionStatus.Kind kind) {
        if (kind == null) {
            return Tone.MUTED;
        }
        switch (kind) {
            case LIVE:
                return Tone.OK;
            case CONNECTING:
            case RECONNECTING:
                return Tone.BUSY;
            case OFFLINE:
            case NOT_REACHED:
                return Tone.WARN;
            case UNAUTHORIZED:
                return Tone.DANGER;
            default:
                return Tone.MUTED;
        }
    }

    /** The lower-case word the protocol uses ({@code running}, {@code exited}); what the badge says. */
    public static String label(Enum<?> status) {
        return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT);
    }
}
