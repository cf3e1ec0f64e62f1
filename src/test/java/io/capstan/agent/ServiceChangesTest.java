package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceEventKind;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.WireNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which {@code service} events a new snapshot calls for, whatever the backend, also when snapshots were coalesced. */
class ServiceChangesTest {

    private static Deployment shop(Service... services) {
        return new Deployment("shop", "process", DeploymentStatus.RUNNING, List.of(services), null, null, null);
    }

    private static Service svc(ServiceStatus status, Integer exit, String health, int restarts, boolean looping) {
        return new Service("worker", status, null, null, null, exit, null, HealthStatus.ofEngine(health), restarts, looping);
    }

    private static List<String> kinds(Deployment before, Deployment after) {
        return ServiceChanges.between(before, after).stream().map(c -> WireNames.of(c.kind())).toList();
    }

    @Test
    void aCrashThenItsRestartThenTheGivingUp() {
        Deployment up = shop(svc(ServiceStatus.RUNNING, null, null, 0, false));
        Deployment crashed = shop(svc(ServiceStatus.EXITED, 1, null, 0, false));
        Deployment restarted = shop(svc(ServiceStatus.STARTING, null, null, 1, false));
        Deployment gaveUp = shop(svc(ServiceStatus.EXITED, 1, null, 1, true));
        assertThat(ServiceChanges.between(up, crashed)).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(ServiceEventKind.CRASHED);
                    assertThat(c.exitCode()).isEqualTo(1);
                });
        assertThat(kinds(crashed, restarted)).containsExactly("restarted");
        assertThat(kinds(restarted, gaveUp)).containsExactly("crashed", "crash-looping");
    }

    @Test
    void aCrashAndItsRestartInOneCoalescedSnapshotAreBothAnnounced() {
        assertThat(kinds(shop(svc(ServiceStatus.RUNNING, null, null, 2, false)),
                shop(svc(ServiceStatus.STARTING, null, null, 3, false)))).containsExactly("crashed", "restarted");
    }

    @Test
    void healthChangesAreAnnouncedButItsDisappearanceIsNot() {
        assertThat(ServiceChanges.between(shop(svc(ServiceStatus.RUNNING, null, "starting", 0, false)),
                shop(svc(ServiceStatus.RUNNING, null, "unhealthy", 0, false)))).singleElement()
                .satisfies(c -> assertThat(c.health()).isEqualTo(HealthStatus.UNHEALTHY));
        // Stopped: health goes null, which is no news (the stop is).
        assertThat(kinds(shop(svc(ServiceStatus.RUNNING, null, "healthy", 0, false)),
                shop(svc(ServiceStatus.STOPPED, null, null, 0, false)))).isEmpty();
        // Every run begins "starting": no news.
        assertThat(kinds(shop(svc(ServiceStatus.EXITED, 1, null, 0, false)), shop(svc(ServiceStatus.STARTING, null, "starting", 0, false))))
                .isEmpty();
        // No earlier snapshot (a deployment just added): nothing to compare.
        assertThat(kinds(null, shop(svc(ServiceStatus.EXITED, 1, "unhealthy", 0, true)))).isEmpty();
    }
}
