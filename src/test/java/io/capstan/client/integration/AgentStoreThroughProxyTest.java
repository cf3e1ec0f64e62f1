package io.capstan.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store fed by the event subscription, against a real agent with real processes, through a fault proxy. */
class AgentStoreThroughProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path root;
    private Agent agent;
    private FaultProxy proxy;
    private AgentClient client;
    private ExecutorScheduler scheduler;
    private AgentStore store;
    private EventSubscription sub;
    private final List<Messages.Hello> hellos = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAgent() throws Exception {
        root = Files.createDirectories(tmp.resolve("deployments"));
        Path app = Files.createDirectories(root.resolve("app"));
        Files.writeString(app.resolve("capstan.yaml"), """
                services:
                  app:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "app"]
                """);
        agent = startAgent(0);
        proxy = new FaultProxy(agent.port());
        client = new AgentClient(new AgentEndpoint("it", proxy.url(), agent.token()));
        scheduler = new ExecutorScheduler("it-store");
        store = new AgentStore(AgentStore.Source.of(client), scheduler, snapshot -> { });
        sub = new EventSubscription(client, new EventSubscription.Listener() {
            @Override
            public void onState(StreamState state) {
                store.onState(state);
            }

            @Override
            public void onHello(Messages.Hello hello) {
                hellos.add(hello);
                store.onHello(hello);
            }

            @Override
            public void onDeployment(Messages.DeploymentEvent event) {
                store.onDeployment(event);
            }

            @Override
            public void onDeploymentRemoved(Messages.DeploymentRemoved event) {
                store.onDeploymentRemoved(event);
            }

            @Override
            public void onJob(Messages.JobEvent event) {
                store.onJob(event);
            }
        }, Duration.ofSeconds(5), null,
                new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(30), 0, Duration.ofSeconds(3), Clock.systemUTC(), () -> 0.5));
    }

    private Agent startAgent(int port) {
        return Agent.start(AgentConfig.builder(tmp.resolve("state")).port(port).pingInterval(Duration.ofMillis(200)).build(),
                contexts -> new FolderCatalog(root, List.of(new ProcessBackend()), contexts));
    }

    @AfterEach
    void stop() throws Exception {
        sub.close();
        store.close();
        scheduler.close();
        client.close();
        proxy.close();
        agent.close();
    }

    private ServiceStatus storedAppStatus() {
        return store.snapshot().deployments().stream().filter(d -> d.name().equals("app"))
                .flatMap(d -> d.services().stream()).filter(s -> s.name().equals("app"))
                .map(s -> s.status()).findFirst().orElse(null);
    }

    @Test
    void row28StoreShowsNewServiceStateAfterJobWithoutManualRefresh() {
        sub.start();
        await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live && store.snapshot().deployments().size() == 1);
        long fetchesBefore = store.fetchesStarted();

        Job job = client.startServiceJob("app", "app", Action.START);
        await().atMost(WAIT).until(() -> client.job(job.id()).status().isTerminal());

        await().atMost(WAIT).until(() -> storedAppStatus() == ServiceStatus.RUNNING);
        assertThat(store.fetchesStarted() - fetchesBefore).isLessThanOrEqualTo(2);
        client.startServiceJob("app", "app", Action.STOP);
        await().atMost(WAIT).until(() -> storedAppStatus() != ServiceStatus.RUNNING);
    }

    @Disabled("finding: first reconnectNow attempt after a same-port restart fails with 'unexpected end of stream' (attempt=2)")
    @Test
    void row4AgentRestartedOnSamePortIsLiveAgainAfterReconnectNowAndStoreRefetches() {
        sub.start();
        await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live && store.snapshot().deployments().size() == 1);
        String firstEpoch = hellos.get(0).epoch();
        int port = agent.port();

        agent.close();
        await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.WaitingToRetry);
        agent = startAgent(port);
        // The backoff step is 20 s: only "reconnect now" can make this quick.
        sub.reconnectNow();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sub.state()).isInstanceOf(StreamState.Live.class));
        Messages.Hello last = hellos.get(hellos.size() - 1);
        assertThat(last.resumed()).isFalse();
        assertThat(last.epoch()).isNotEqualTo(firstEpoch);
        try (AgentClient direct = new AgentClient(new AgentEndpoint("direct", agent.baseUrl(), agent.token()))) {
            await().atMost(WAIT).untilAsserted(() -> {
                List<Deployment> expected = direct.deployments().deployments();
                assertThat(store.snapshot().deployments()).isEqualTo(expected);
            });
        }
    }
}
