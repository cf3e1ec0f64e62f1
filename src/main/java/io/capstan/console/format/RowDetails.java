package io.capstan.console.format;

import io.capstan.protocol.Deployment;

/** The quiet text beside a tree row's name, before its badge. */
public final class RowDetails {

    private RowDetails() {
    }

    /**
     * "2 of 3 running" for a live agent; only "3 deployments" for an offline one, whose count of running deployments
     * is a memory and is not shown as a fact; nothing for one never reached, of which nothing is known (not even "0").
     */
    public static String agent(ConnectionStatus status, int deployments, int running) {
        if (status.kind() == ConnectionStatus.Kind.NOT_REACHED) {
            return "";
        }
        if (status.kind() == ConnectionStatus.Kind.OFFLINE) {
            return deployments + (deployments == 1 ? " deployment" : " deployments");
        }
        return running + " of " + deployments + " running";
    }

    /**
     * {@link #agent} and its shorter wordings, longest first, for a narrow tree: "2 of 3 running", "2/3 running",
     * "2/3"; offline "3 deployments", "3 dep.". The tree shows the longest that fits rather than "2 of 3...".
     */
    public static java.util.List<String> agentWordings(ConnectionStatus status, int deployments, int running) {
        if (status.kind() == ConnectionStatus.Kind.NOT_REACHED) {
            return java.util.List.of("");
        }
        if (status.kind() == ConnectionStatus.Kind.OFFLINE) {
            return java.util.List.of(agent(status, deployments, running), deployments + " dep.");
        }
        return java.util.List.of(agent(status, deployments, running), running + "/" + deployments + " running",
                running + "/" + deployments);
    }

    /** "broken" when its definition could not be read, else how many services it has ("3 svc"). */
    public static String deployment(Deployment deployment) {
        return deployment.error() != null ? "broken" : deployment.services().size() + " svc";
    }
}
