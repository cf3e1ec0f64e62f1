package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapping from what {@code docker inspect} says to the protocol's services, on recorded answers. */
class ServiceStatesTest {
    private static final Instant OPENED = Instant.parse("2026-11-28T06:00:00Z");

    private static ContainerState inspect(String id, String service, String state, int exit, String health,
                                          String created, boolean oneOff) throws Exception {
        String healthJson = health == null ? "" : ",\"Health\":{\"Status\":\"" + health + "\",\"FailingStreak\":0}";
        String json = "{\"Id\":\"" + id + "\",\"Created\":\"" + created + "\",\"RestartCount\":" + exit + ","
                + "\"State\":{\"Status\":\"" + state + "\",\"ExitCode\":" + exit
                + ",\"StartedAt\":\"2026-11-28T06:22:24.987844097Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"" + healthJson + "},"
                + "\"Config\":{\"Labels\":{\"com.docker.compose.project\":\"shop\",\"com.docker.compose.service\":\"" + service
                + "\",\"com.docker.compose.oneoff\":\"" + (oneOff ? "True" : "False") + "\"}}}";
        return ContainerState.fromInspect(new ObjectMapper().readTree(json));
    }

    private static Service only(List<ContainerState> containers, Set<String> onPurpose) {
        return ServiceStates.map(List.of("web"), containers, onPurpose, OPENED).get(0);
    }

    @Test
    void aRunningContainerIsRunningWithItsIdAndHealth() throws Exception {
        Service s = only(List.of(inspect("0123456789abcdef0123", "web", "running", 0, "healthy", "2026-11-28T06:22:22Z", false)), Set.of());
        assertThat(s.status()).isEqualTo(ServiceStatus.RUNNING);
        assertThat(s.container()).isEqualTo("0123456789ab");
        assertThat(s.health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(s.since()).isEqualTo(Instant.parse("2026-11-28T06:22:24.987Z"));
        assertThat(s.exitCode()).isNull();
        assertThat(s.pid()).isNull();
    }

    @Test
    void aHealthCheckNotYetPassedIsStarting() throws Exception {
        assertThat(only(List.of(inspect("a", "web", "running", 0, "starting", "2026-11-28T06:22:22Z", false)), Set.of()).status())
                .isEqualTo(ServiceStatus.STARTING);
        assertThat(only(List.of(inspect("a", "web", "running", 0, "unhealthy", "2026-11-28T06:22:22Z", false)), Set.of()))
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo(ServiceStatus.RUNNING);
                    assertThat(s.health()).isEqualTo(HealthStatus.UNHEALTHY);
                });
    }

    @Test
    void anExitedContainerIsExitedWithItsCodeUnlessItWasStoppedOnPurpose() throws Exception {
        ContainerState c = inspect("a", "web", "exited", 137, "unhealthy", "2026-11-28T06:22:22Z", false);
        Service crashed = only(List.of(c), Set.of());
        assertThat(crashed.status()).isEqualTo(ServiceStatus.EXITED);
        assertThat(crashed.exitCode()).isEqualTo(137);
        assertThat(crashed.health()).as("no stale health on a stopped container").isNull();
        assertThat(crashed.restarts()).as("the engine's RestartCount").isEqualTo(137);
        Service stopped = only(List.of(c), Set.of("a"));
        assertThat(stopped.status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(stopped.exitCode()).isNull();
    }

    @Test
    void noContainerOrANeverStartedOneIsStopped() throws Exception {
        Service none = only(List.of(inspect("x", "worker", "running", 0, null, "2026-11-28T06:22:22Z", false)), Set.of());
        assertThat(none.status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(none.container()).isNull();
        assertThat(none.since()).isEqualTo(OPENED);
        assertThat(only(List.of(inspect("a", "web", "created", 0, null, "2026-11-28T06:22:22Z", false)), Set.of()).status())
                .isEqualTo(ServiceStatus.STOPPED);
        assertThat(only(List.of(inspect("a", "web", "removing", 0, null, "2026-11-28T06:22:22Z", false)), Set.of()).status())
                .isEqualTo(ServiceStatus.STOPPING);
        // Between two runs under the engine's restart policy: down, coming back by itself, after the exit it had.
        Service restarting = only(List.of(inspect("a", "web", "restarting", 1, "healthy", "2026-11-28T06:22:22Z", false)),
                Set.of());
        assertThat(restarting.status()).isEqualTo(ServiceStatus.RESTARTING);
        assertThat(restarting.exitCode()).isEqualTo(1);
        assertThat(restarting.health()).as("a stale verdict of the run that ended").isNull();
        assertThat(restarting.restartAt()).as("the engine does not say when").isNull();
    }

    @Test
    void theMostAliveContainerStandsForTheServiceAndOneOffRunsAreIgnored() throws Exception {
        ContainerState oldExited = inspect("old", "web", "exited", 1, null, "2026-11-28T06:00:00Z", false);
        ContainerState running = inspect("run", "web", "running", 0, null, "2026-11-28T05:00:00Z", false);
        ContainerState newest = inspect("new", "web", "exited", 0, null, "2026-11-28T07:00:00Z", false);
        ContainerState oneOff = inspect("one", "web", "running", 0, null, "2026-11-28T08:00:00Z", true);
        assertThat(only(List.of(oldExited, running, newest, oneOff), Set.of()).container()).isEqualTo("run");
        assertThat(only(List.of(oldExited, newest, oneOff), Set.of()).container()).isEqualTo("new");
    }
}
