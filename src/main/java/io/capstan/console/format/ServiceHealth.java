package io.capstan.console.format;

import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.WireNames;
import java.time.Duration;
import java.time.Instant;

/** How a service's health, crashes and restarts read in the services table: pure, one rule for every row. */
public final class ServiceHealth {

    private ServiceHealth() {
    }

    /**
     * The status badge: {@code crash-looping}, {@code exited 1}, {@code restarting}, {@code running · unhealthy},
     * {@code running · healthy},
     * {@code running 2/3} for a swarm service, each followed by its restarts when there were some
     * ({@code running · 3 restarts}). The restarts ride on the badge rather than in a column of their own: the
     * services table has no room for one more column at 1024 px (LayoutWindowTest).
     */
    public static String badge(Service service) {
        return badge(service, null);
    }

    /**
     * As {@link #badge(Service)}, with the time left until a restarting service's restart when {@code now} is known:
     * {@code restarting in 8 s}, then {@code restarting · 2 restarts} once it is due (the agent is starting it). Whole
     * seconds, rounded up, so it never reads "in 0 s" while the restart is still to come. The countdown takes the place
     * of the restarts, which come back with the restart: with both, the badge grew wide enough at the default window
     * size to push the uptimes out of the table at every crash.
     */
    public static String badge(Service service, Instant now) {
        if (service.status() == ServiceStatus.RESTARTING && !service.inCrashLoop() && now != null
                && service.restartAt() != null && service.restartAt().isAfter(now)) {
            long millis = Duration.between(now, service.restartAt()).toMillis();
            return state(service) + " in " + Durations.format(Duration.ofSeconds((millis + 999) / 1000));
        }
        String restarts = restarts(service);
        return restarts.isEmpty() ? state(service) : state(service) + " · " + restarts;
    }

    private static String state(Service service) {
        if (service.inCrashLoop()) {
            return "crash-looping";
        }
        if (service.status() == ServiceStatus.EXITED && service.exitCode() != null) {
            return ExitStatus.describe(service.exitCode());
        }
        if (service.status() == ServiceStatus.RESTARTING) {
            // Down, and its restart policy brings it back: the exit it restarts after is in the Exit column.
            return "restarting";
        }
        String label = StatusStyles.label(service.status());
        if (service.health() != null) {
            label += " · " + words(service.health());
        }
        String replicas = SwarmText.replicas(service);
        return replicas == null ? label : label + " " + replicas;
    }

    /** "healthy", "unhealthy", "starting"; a value from a newer agent this console does not know: "health unknown". */
    public static String words(HealthStatus health) {
        return health == HealthStatus.UNKNOWN ? "health unknown" : WireNames.of(health);
    }

    /** Danger for a crash loop, a warning for an unhealthy service, else the status's own tone. */
    public static StatusStyles.Tone tone(Service service) {
        if (service.inCrashLoop()) {
            return StatusStyles.Tone.DANGER;
        }
        if (service.health() == HealthStatus.UNHEALTHY && service.status() != ServiceStatus.EXITED) {
            return StatusStyles.Tone.WARN;
        }
        return StatusStyles.of(service.status(), service.exitCode());
    }

    /** The restarts: empty for none (the common case stays quiet), else "1 restart", "3 restarts". */
    public static String restarts(Service service) {
        int n = service.restartCount();
        return n == 0 ? "" : n == 1 ? "1 restart" : n + " restarts";
    }
}
