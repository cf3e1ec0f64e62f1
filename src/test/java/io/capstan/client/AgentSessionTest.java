package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.TestSseServer;
import io.capstan.protocol.DeploymentStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pieces wired together against a small fake agent: the view converges after reconnects. */
class AgentSessionTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<AgentStore.Snapshot> snapshots = new CopyOnWriteArrayList<>();
    private final List<StreamState> states = new CopyOnWriteArrayList<>();
    private TestSseServer server;
    private FaultProxy proxy;
    private AgentSession session;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestSseServer();
        proxy = new FaultProxy(server.port());
        server.handler(e -> {
            String path = e.path();
            switch (path) {
                case "/api/v1/events" -> {
                    int n = connections.incrementAndGet();
                    long base = n * 10L;
                    e.startStream().event(null, "hello", "{\"agent\":\"a\",\"epoch\":\"e1\",\"seq\":" + base + ",\"resumed\":false}");
                    e.event("e1:" + (base + 1), "deployment", "{\"seq\":" + (base + 1) + ",\"deployment\":{\"name\":\"shop\","
                            + "\"status\":\"" + (n == 1 ? "stopped" : "partial") + "\"}}");
                    while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
                }
                case "/api/v1/deployments" -> {
                    long seq = connections.get() * 10L;
                    e.respond(200, "application/json", "{\"seq\":" + seq + ",\"deployments\":[{\"name\":\"shop\",\"status\":\"running\"},"
                            + "{\"name\":\"web\",\"status\":\"running\"}]}");
                }
                case "/api/v1/jobs" -> e.respond(200, "application/json", "{\"jobs\":[]}");
                default -> e.respond(404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"?\"}}");
            }
        });
        session = new AgentSession(new AgentEndpoint("fake", proxy.url(), "tok"), snapshots::add, states::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        release.countDown();
        session.close();
        proxy.close();
        server.close();
    }

    private DeploymentStatus shop() {
        return session.store().snapshot().deployments().stream().filter(d -> d.name().equals("shop"))
                .findFirst().map(d -> d.status()).orElse(null);
    }

    @Test
    void snapshotAndEventsConvergeAndAReconnectRefetches() {
        session.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> shop() == DeploymentStatus.STOPPED
                && session.store().snapshot().deployments().size() == 2);
        assertThat(session.store().snapshot().live()).isTrue();
        proxy.cutAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> states.stream().anyMatch(s -> s instanceof StreamState.WaitingToRetry));
        session.reconnectNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> shop() == DeploymentStatus.PARTIAL && session.store().snapshot().seq() == 21);
        assertThat(session.store().fetchesStarted()).isLessThanOrEqualTo(4);
        assertThat(snapshots).isNotEmpty();
    }

    @Test
    void closeIsIdempotentAndEndsTheSessionThread() {
        session.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> session.store().snapshot().live());
        session.close();
        session.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals("capstan-agent-fake")));
    }
}
