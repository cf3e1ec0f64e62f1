package io.capstan.agent.backend;

import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.util.List;

/** One rule for every backend: a deployment's status from its services', so the kinds cannot be told apart. */
public final class StatusRollup {
    private StatusRollup() {
    }

    /**
     * {@code failed} when a service exited on its own with a non-zero code and nothing will start it again; else
     * {@code running} when all are up (running or starting); else {@code restarting} when a restart policy is about to
     * start one again (a crash it is handling is not a failure: an operator has nothing to do yet); else
     * {@code stopped} when none is up, {@code partial} in between; {@code unknown} for none.
     */
    public static DeploymentStatus of(List<Service> services) {
        if (services.isEmpty()) return DeploymentStatus.UNKNOWN;
        int up = 0;
        boolean restarting = false;
        for (Service s : services) {
            if (s.status() == ServiceStatus.EXITED && s.exitCode() != null && s.exitCode() != 0) return DeploymentStatus.FAILED;
            if (s.status() == ServiceStatus.RUNNING || s.status() == ServiceStatus.STARTING) up++;
            restarting |= s.status() == ServiceStatus.RESTARTING;
        }
        if (up == services.size()) return DeploymentStatus.RUNNING;
        if (restarting) return DeploymentStatus.RESTARTING;
        return up == 0 ? DeploymentStatus.STOPPED : DeploymentStatus.PARTIAL;
    }
}
