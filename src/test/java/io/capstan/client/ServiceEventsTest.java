package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Action;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceEventKind;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's side of health and crashes against a real agent: a service that crashes on purpose reaches the
 * listener as typed {@code service} events, and the status it reads carries health, restarts and crash-looping.
 */
class ServiceEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void crashesRestartsAndHealthArriveAsTypedEventsAndInTheStatus() throws Exception {
        List<Messages.ServiceEvent> events = new CopyOnWriteArrayList<>();
        Demo crashing = Demo.service("worker", "--exit-after", "1.5", "--exit-code", "2", "--health-port", "${port.worker}")
                .with("health: {tcp: \"127.0.0.1:${port.worker}\", interval: 100ms, startPeriod: 20s}")
                .with("restart: {policy: on-failure, backoff: 100ms, limit: 1}");
        try (RealAgent agent = RealAgent.in(tmp).deployment("app", crashing).start();
             EventSubscription sub = new EventSubscription(agent.client(), new EventSubscription.Listener() {
                 @Override
                 public void onService(Messages.ServiceEvent event) {
                     events.add(event);
                 }
             })) {
            AgentClient client = agent.client();
            sub.start();
            await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live);
            await().atMost(WAIT).until(() -> client.deployments().deployments().size() == 1);
            client.startServiceJob("app", "worker", Action.START);

            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.kind() == ServiceEventKind.CRASH_LOOPING));
            assertThat(events).extracting(Messages.ServiceEvent::kind).containsSubsequence(
                    ServiceEventKind.HEALTH, ServiceEventKind.CRASHED, ServiceEventKind.RESTARTED, ServiceEventKind.HEALTH,
                    ServiceEventKind.CRASHED, ServiceEventKind.CRASH_LOOPING);
            Messages.ServiceEvent crashed = events.stream().filter(e -> e.kind() == ServiceEventKind.CRASHED).findFirst().orElseThrow();
            assertThat(crashed.deployment()).isEqualTo("app");
            assertThat(crashed.service()).isEqualTo("worker");
            assertThat(crashed.exitCode()).isEqualTo(2);
            assertThat(crashed.at()).isNotNull();
            assertThat(events.stream().filter(e -> e.kind() == ServiceEventKind.HEALTH).findFirst().orElseThrow().health())
                    .isEqualTo(io.capstan.protocol.HealthStatus.HEALTHY);

            Service worker = client.deployments().deployments().get(0).services().get(0);
            assertThat(worker.status()).isEqualTo(ServiceStatus.EXITED);
            assertThat(worker.restarts()).isEqualTo(1);
            assertThat(worker.crashLooping()).isTrue();
            assertThat(worker.health()).isNull();
        }
    }
}
