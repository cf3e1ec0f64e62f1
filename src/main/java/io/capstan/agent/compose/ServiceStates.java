package io.capstan.agent.compose;

import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * From containers to the protocol's services. A service with several containers (scaled) is shown by the most
 * alive one (running first, then the newest). The mapping:
 * <ul>
 *   <li>no container, or {@code created} (never started): {@code stopped};
 *   <li>{@code running}: {@code running}, or {@code starting} while its health check says {@code starting};
 *   <li>{@code restarting} (the engine's restart policy at work, the container down between two runs):
 *       {@code restarting} with the code it exited with, since it ended (the engine does not say when it is due);
 *   <li>{@code removing}: {@code stopping}; {@code paused}: {@code stopped};
 *   <li>{@code exited} or {@code dead}: {@code stopped} when it was stopped on purpose (a stop by the agent or a
 *       kill seen on the engine's event stream, e.g. {@code docker stop}), else {@code exited} with its code.
 * </ul>
 */
final class ServiceStates {
    private static final Comparator<ContainerState> MOST_ALIVE = Comparator
            .comparing((ContainerState c) -> c.running() ? 0 : 1)
            .thenComparing(c -> c.created() == null ? Instant.EPOCH : c.created(), Comparator.reverseOrder());

    private ServiceStates() {
    }

    /**
     * @param stoppedOnPurpose container ids known to have been stopped deliberately
     * @param since shown for services that have no container
     */
    static List<Service> map(List<String> services, List<ContainerState> containers, Set<String> stoppedOnPurpose,
                             Instant since) {
        List<Service> out = new ArrayList<>();
        for (String name : services) {
            ContainerState c = mostAlive(name, containers);
            out.add(c == null ? new Service(name, ServiceStatus.STOPPED, since, null, null, null, null, null)
                    : service(name, c, stoppedOnPurpose.contains(c.id())));
        }
        return out;
    }

    /** The container that stands for the service: running first, then the newest; null when it has none. */
    static ContainerState mostAlive(String service, List<ContainerState> containers) {
        return containers.stream().filter(x -> service.equals(x.service()) && !x.oneOff()).min(MOST_ALIVE).orElse(null);
    }

    private static Service service(String name, ContainerState c, boolean onPurpose) {
        ServiceStatus status;
        Integer exitCode = null;
        Instant since = c.startedAt();
        switch (c.state()) {
            case "running" -> status = c.health() == HealthStatus.STARTING ? ServiceStatus.STARTING : ServiceStatus.RUNNING;
            case "restarting" -> {
                status = ServiceStatus.RESTARTING;
                exitCode = c.exitCode();
                since = c.finishedAt() != null ? c.finishedAt() : since;
            }
            case "removing" -> status = ServiceStatus.STOPPING;
            case "created" -> {
                status = ServiceStatus.STOPPED;
                since = c.created();
            }
            case "paused" -> status = ServiceStatus.STOPPED;
            case "exited", "dead" -> {
                since = c.finishedAt();
                if (onPurpose) {
                    status = ServiceStatus.STOPPED;
                } else {
                    status = ServiceStatus.EXITED;
                    exitCode = c.exitCode();
                }
            }
            default -> status = ServiceStatus.UNKNOWN;
        }
        // Health only means something while the container runs; a stale "unhealthy" on a stopped one misleads.
        HealthStatus health = c.state().equals("running") ? c.health() : null;
        return new Service(name, status, since == null ? null : Timestamps.millis(since), null, c.shortId(), exitCode,
                null, health, c.restartCount(), null);
    }
}
