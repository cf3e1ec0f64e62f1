package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Replicas;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of the tree's rows, the badges, the jobs table's columns and the status bar's remedy. */
class DisplayTextTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static ConnectionStatus status(StreamState state, Instant offlineSince) {
        return ConnectionStatus.of(state, "connection refused", true, offlineSince, NOW, UTC);
    }

    private static Service service(ServiceStatus status, Integer exit, String health) {
        return new Service("web", status, NOW, 42L, null, exit, null, HealthStatus.ofEngine(health));
    }

    private static Deployment deployment(String activeJob, String error, int services) {
        List<Service> list = java.util.stream.IntStream.range(0, services)
                .mapToObj(i -> service(ServiceStatus.RUNNING, null, null)).toList();
        return new Deployment("shop", "process", DeploymentStatus.RUNNING, list, activeJob, NOW, error);
    }

    private static Job job(String service, JobStatus status, Integer exit, Instant started, Instant finished) {
        return new Job("j-1", "shop", service, Action.RESTART, status, NOW.minusSeconds(90), started, finished, exit, null, 0, 0);
    }

    @Test
    void treeRowDetails() {
        ConnectionStatus live = status(new StreamState.Live(), null);
        ConnectionStatus offline = status(new StreamState.WaitingToRetry(4, NOW.plusSeconds(9), "timed out"), NOW.minusSeconds(30));
        assertThat(RowDetails.agent(live, 3, 2)).as("says what runs").isEqualTo("2 of 3 deployments running");
        assertThat(RowDetails.agent(live, 1, 1)).isEqualTo("1 of 1 deployment running");
        assertThat(RowDetails.agent(live, 1, 0)).isEqualTo("0 of 1 deployment running");
        assertThat(RowDetails.agent(live, 0, 0)).isEqualTo("no deployments");
        assertThat(RowDetails.agent(offline, 3, 2)).as("a memory is not shown as a fact").isEqualTo("3 deployments");
        assertThat(RowDetails.agent(offline, 1, 1)).isEqualTo("1 deployment");
        assertThat(RowDetails.agent(offline, 0, 0)).isEqualTo("no deployments");
        assertThat(RowDetails.agentWordings(live, 3, 2)).as("longest first, for a narrow tree")
                .containsExactly("2 of 3 deployments running", "2/3 dep. running", "2/3");
        assertThat(RowDetails.agentWordings(live, 0, 0)).containsExactly("no deployments", "0 dep.");
        assertThat(RowDetails.agentWordings(offline, 3, 2)).containsExactly("3 deployments", "3 dep.");
        assertThat(RowDetails.agentWordings(offline, 0, 0)).containsExactly("no deployments", "0 dep.");
        assertThat(RowDetails.deployment(deployment(null, null, 3))).isEqualTo("3 svc");
        assertThat(RowDetails.deployment(deployment(null, "capstan.yaml: bad command", 0))).isEqualTo("broken");
    }

    @Test
    void badges() {
        assertThat(Badges.deployment(deployment("j-9", null, 1), false)).isEqualTo(new BadgeText("busy", StatusStyles.Tone.BUSY));
        assertThat(Badges.deployment(deployment(null, null, 1), false))
                .isEqualTo(new BadgeText("running", StatusStyles.of(DeploymentStatus.RUNNING)));
        assertThat(Badges.deployment(deployment("j-9", null, 1), true)).isEqualTo(Badges.UNKNOWN);

        assertThat(Badges.service(service(ServiceStatus.EXITED, 143, null), false).text()).isEqualTo("exited 143 (SIGTERM)");
        assertThat(Badges.service(service(ServiceStatus.EXITED, 3, null), false).tone()).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(Badges.service(service(ServiceStatus.RUNNING, null, "healthy"), false).text()).isEqualTo("running · healthy");
        assertThat(Badges.service(service(ServiceStatus.RUNNING, null, ""), false).text()).isEqualTo("running");
        assertThat(Badges.service(service(ServiceStatus.RUNNING, null, null), true)).isEqualTo(Badges.UNKNOWN);
        assertThat(Badges.service(new Service("web", ServiceStatus.RUNNING, NOW, null, null, null, null, null,
                new Replicas(3, 2), List.of()), false).text()).as("a swarm service's badge counts its replicas").isEqualTo("running 2/3");

        assertThat(Badges.job(job(null, JobStatus.FAILED, 2, NOW, NOW)).text()).isEqualTo("failed · exited 2");
        assertThat(Badges.job(job(null, JobStatus.SUCCEEDED, 0, NOW, NOW)).text()).isEqualTo("succeeded");
        assertThat(Badges.job(job(null, JobStatus.RUNNING, null, NOW, null)).tone()).isEqualTo(StatusStyles.Tone.BUSY);
        assertThat(Badges.job(job(null, JobStatus.RUNNING, null, NOW, null), true)).as("a running job of an offline agent")
                .isEqualTo(Badges.UNKNOWN);
        assertThat(Badges.job(job(null, JobStatus.QUEUED, null, null, null), true)).isEqualTo(Badges.UNKNOWN);
        assertThat(Badges.job(job(null, JobStatus.FAILED, 2, NOW, NOW), true).text()).as("an outcome stays true offline")
                .isEqualTo("failed · exited 2");

        assertThat(Badges.agent(status(new StreamState.Live(), null))).isEqualTo(new BadgeText("live", StatusStyles.Tone.OK));
    }

    @Test
    void jobColumns() {
        Job running = job("web", JobStatus.RUNNING, null, NOW.minusSeconds(65), null);
        assertThat(JobColumns.action(running)).isEqualTo("restart");
        assertThat(JobColumns.target(running)).isEqualTo("shop/web");
        assertThat(JobColumns.target(job(null, JobStatus.RUNNING, null, null, null))).isEqualTo("shop");
        assertThat(JobColumns.started(running, UTC)).isEqualTo("09:58:30");
        assertThat(JobColumns.duration(running, null, NOW)).isEqualTo("1 m 05 s");
        assertThat(JobColumns.duration(running, NOW.minusSeconds(60), NOW)).as("the clock stops when the agent went offline")
                .isEqualTo("5 s");
        assertThat(JobColumns.duration(job(null, JobStatus.SUCCEEDED, 0, NOW.minusSeconds(10), NOW.minusSeconds(4)), null, NOW))
                .isEqualTo("6 s");
        Job byCi = new Job("j-1", "shop", "web", Action.RESTART, JobStatus.RUNNING, NOW, NOW, null, null, null, 0, 0, "ci", null);
        assertThat(JobColumns.tooltip(byCi)).isEqualTo("restart shop/web, started by ci");
        assertThat(JobColumns.tooltip(byCi, "bravo")).as("the agent, when its column may have stepped aside")
                .isEqualTo("restart shop/web on bravo, started by ci");
        assertThat(JobColumns.tooltip(running, "bravo")).as("an agent that does not say who").isEqualTo("restart shop/web on bravo");
        assertThat(JobColumns.tooltip(byCi, null, NOW.minusSeconds(60), "connection refused", UTC))
                .as("offline, worded as the tree and the panes word it")
                .isEqualTo("agent offline since 09:59:00: connection refused\nrestart shop/web, started by ci");
        assertThat(JobColumns.tooltip(running, null, NOW.minusSeconds(60), null, UTC)).isEqualTo("agent offline since 09:59:00");
        assertThat(JobColumns.tooltip(byCi, null, null, null, UTC)).as("live").isEqualTo("restart shop/web, started by ci");
        Job ended = new Job("j-2", "shop", "web", Action.RESTART, JobStatus.SUCCEEDED, NOW, NOW, NOW, 0, null, 0, 0, "ci", null);
        assertThat(JobColumns.tooltip(ended, null, NOW, "timed out", UTC)).as("an ended job's outcome is still true")
                .isEqualTo("restart shop/web, started by ci");
    }

    @Test
    void theStatusBarOffersOneRemedyAtATime() {
        assertThat(status(new StreamState.Live(), null).remedy(false)).isEqualTo(ConnectionStatus.Remedy.NONE);
        assertThat(status(new StreamState.Connecting(1), null).remedy(false)).isEqualTo(ConnectionStatus.Remedy.NONE);
        assertThat(status(new StreamState.WaitingToRetry(2, NOW.plusSeconds(2), "refused"), null).remedy(false))
                .isEqualTo(ConnectionStatus.Remedy.RECONNECT_NOW);
        assertThat(status(new StreamState.WaitingToRetry(5, NOW.plusSeconds(2), "refused"), NOW.minusSeconds(9)).remedy(true))
                .isEqualTo(ConnectionStatus.Remedy.RECONNECT_NOW);
        StreamState refused = new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401");
        assertThat(status(refused, null).remedy(false)).isEqualTo(ConnectionStatus.Remedy.FIX_TOKEN);
        assertThat(status(refused, null).remedy(true)).as("the console's own agent: the user never typed its token")
                .isEqualTo(ConnectionStatus.Remedy.NONE);
        assertThat(ConnectionStatus.Remedy.FIX_TOKEN.label()).isEqualTo("fix token…");
        assertThat(ConnectionStatus.Remedy.RECONNECT_NOW.label()).isEqualTo("reconnect now");
    }
}
