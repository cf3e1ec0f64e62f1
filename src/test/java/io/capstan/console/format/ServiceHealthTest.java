package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    private static Service svc(ServiceStatus status, Integer exit, String health, Integer restarts, Boolean looping) {
        return new Service("worker", status, null, null, null, exit, null, HealthStatus.ofEngine(health), restarts, looping);
    }

    @Test
    void crashLoopingOutranksTheExitAndUnhealthyIsAWarning() {
        Service looping = svc(ServiceStatus.EXITED, 1, null, 5, true);
        assertThat(ServiceHealth.badge(looping)).isEqualTo("crash-looping · 5 restarts");
        assertThat(ServiceHealth.tone(looping)).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(ServiceHealth.badge(svc(ServiceStatus.EXITED, 137, null, 0, false))).isEqualTo("exited 137 (killed)");
        Service sick = svc(ServiceStatus.RUNNING, null, "unhealthy", 0, false);
        assertThat(ServiceHealth.badge(sick)).isEqualTo("running · unhealthy");
        assertThat(ServiceHealth.tone(sick)).isEqualTo(StatusStyles.Tone.WARN);
        assertThat(ServiceHealth.tone(svc(ServiceStatus.RUNNING, null, "healthy", 0, false)))
                .isEqualTo(StatusStyles.of(ServiceStatus.RUNNING, null));
    }

    @Test
    void aServiceItsRestartPolicyBringsBackReadsRestartingAsAWarningNotAnExit() {
        Service restarting = svc(ServiceStatus.RESTARTING, 1, null, 2, false);
        assertThat(ServiceHealth.badge(restarting)).isEqualTo("restarting · 2 restarts");
        assertThat(ServiceHealth.tone(restarting)).isEqualTo(StatusStyles.Tone.WARN);
        assertThat(StatusStyles.of(io.capstan.protocol.DeploymentStatus.RESTARTING)).isEqualTo(StatusStyles.Tone.WARN);
        assertThat(ServiceHealth.badge(svc(ServiceStatus.EXITED, 1, null, 2, false))).isEqualTo("exited 1 · 2 restarts");
        assertThat(ServiceHealth.tone(svc(ServiceStatus.EXITED, 1, null, 2, false))).isEqualTo(StatusStyles.Tone.DANGER);
    }

    @Test
    void aRestartingServiceCountsDownToItsRestartInWholeSecondsRoundedUp() {
        java.time.Instant now = java.time.Instant.parse("2026-12-03T10:00:00Z");
        Service due = svc(ServiceStatus.RESTARTING, 1, null, 2, false).withRestartAt(now.plusMillis(7_300));
        assertThat(ServiceHealth.badge(due, now)).as("the countdown takes the restarts' place").isEqualTo("restarting in 8 s");
        assertThat(ServiceHealth.badge(due, now.plusMillis(6_400))).as("never 'in 0 s' while still to come")
                .isEqualTo("restarting in 1 s");
        assertThat(ServiceHealth.badge(due, now.plusMillis(7_300))).as("due: the agent is starting it")
                .isEqualTo("restarting · 2 restarts");
        assertThat(ServiceHealth.badge(due.withRestartAt(now.plusSeconds(600)), now)).isEqualTo("restarting in 10 m 00 s");
        assertThat(ServiceHealth.badge(due, null)).as("no clock: no countdown").isEqualTo("restarting · 2 restarts");
        assertThat(ServiceHealth.badge(svc(ServiceStatus.RESTARTING, 1, null, 0, false), now))
                .as("the engine's restarting (compose) says no time").isEqualTo("restarting");
        assertThat(Badges.service(due, true, now)).as("an offline agent's service").isEqualTo(Badges.UNKNOWN);
    }

    @Test
    void restartsReadAsNothingUntilThereAreSome() {
        assertThat(ServiceHealth.restarts(svc(ServiceStatus.RUNNING, null, null, null, null))).isEmpty();
        assertThat(ServiceHealth.restarts(svc(ServiceStatus.RUNNING, null, null, 0, false))).isEmpty();
        assertThat(ServiceHealth.restarts(svc(ServiceStatus.RUNNING, null, null, 3, false))).isEqualTo("3 restarts");
        assertThat(ServiceHealth.restarts(svc(ServiceStatus.RUNNING, null, null, 1, false))).isEqualTo("1 restart");
        assertThat(ServiceHealth.badge(svc(ServiceStatus.RUNNING, null, "healthy", 2, false)))
                .isEqualTo("running · healthy · 2 restarts");
    }

    @Test
    void aHealthOfANewerAgentIsSaidAsUnknownNotAsItsJavaName() {
        Service s = new Service("web", ServiceStatus.RUNNING, null, null, null, null, null, HealthStatus.UNKNOWN, 0, false);
        assertThat(ServiceHealth.badge(s)).isEqualTo("running · health unknown");
        assertThat(ServiceHealth.tone(s)).isEqualTo(StatusStyles.Tone.OK);
    }
}
