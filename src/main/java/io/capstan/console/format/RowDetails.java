package io.capstan.console.format;

import io.capstan.protocol.Deployment;
import java.util.List;

/** The quiet text beside a tree row's name, before its badge. */
public final class RowDetails {

    private RowDetails() {
    }

    /**
     * "2 of 3 deployments running" for a live agent ("1 of 1 deployment running"); only "3 deployments" for an offline
     * one, whose count of running deployments is a memory and is not shown as a fact; "no deployments" for either with
     * none; nothing for one never reached, of which nothing is known (not even "no deployments").
     */
    public static String agent(ConnectionStatus status, int deployments, int running) {
        return agentWordings(status, deployments, running).get(0);
    }

    /**
     * {@link #agent} and its shorter wordings, longest first, for a narrow tree: "2 of 3 deployments running",
     * "2/3 dep. running", "2/3"; offline "3 deployments", "3 dep."; none "no deployments", "0 dep.". The tree shows the
     * longest that fits rather than "2 of 3 depl...". Every wording but the last bare figures names what it counts.
     */
    public static List<String> agentWordings(ConnectionStatus status, int deployments, int running) {
        if (status.kind() == ConnectionStatus.Kind.NOT_REACHED) {
            return List.of("");
        }
        if (deployments == 0) {
            return List.of("no deployments", "0 dep.");
        }
        String noun = deployments == 1 ? " deployment" : " deployments";
        if (status.kind() == ConnectionStatus.Kind.OFFLINE) {
            return List.of(deployments + noun, deployments + " dep.");
        }
        return List.of(running + " of " + deployments + noun + " running", running + "/" + deployments + " dep. running",
                running + "/" + deployments);
    }

    /** "broken" when its definition could not be read, else how many services it has ("3 svc"). */
    public static String deployment(Deployment deployment) {
        return deployment.error() != null ? "broken" : deployment.services().size() + " svc";
    }
}
