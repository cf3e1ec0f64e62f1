package io.capstan.console.common;

import io.capstan.protocol.TargetName;
import java.util.Optional;

/**
 * What a log pane's key ({@link LogPaneFactory}) names: its agent, and a job or the deployment (and service) whose
 * log it shows. A detached log window's shortcuts act on it (Ctrl+R its agent, Ctrl+. its job).
 *
 * @param jobId  the job of a job pane, else null
 * @param target the deployment (and service) of a service or deployment-log pane, else null
 */
public record PaneKey(String agent, String jobId, TargetName target) {

    /** The parts of {@code key}; empty for a key no factory makes. */
    public static Optional<PaneKey> parse(String key) {
        try {
            return parts(key);
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
    }

    private static Optional<PaneKey> parts(String key) {
        int at = key.indexOf("/job/");
        if (at > 0) {
            return Optional.of(new PaneKey(key.substring(0, at), key.substring(at + "/job/".length()), null));
        }
        at = key.indexOf("/service/");
        if (at > 0) {
            String label = key.substring(at + "/service/".length());
            int slash = label.indexOf('/');
            return slash <= 0 ? Optional.empty() : Optional.of(new PaneKey(key.substring(0, at), null,
                    TargetName.of(label.substring(0, slash), label.substring(slash + 1))));
        }
        at = key.indexOf("/deployment-log/");
        if (at > 0) {
            return Optional.of(new PaneKey(key.substring(0, at), null,
                    TargetName.of(key.substring(at + "/deployment-log/".length()))));
        }
        return Optional.empty();
    }
}
