package io.capstan.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event subscription against a real agent with real processes, through a fault proxy. */
class EventSubscriptionThroughProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient client;

    @BeforeEach
    void startAgent() {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("app")).config(c -> c.pingInterval(Duration.ofMillis(100))).start();
        proxy = agent.proxy();
        client = agent.proxiedClient("it");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static Backoff quickBackoff() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0, Duration.ofSeconds(3), Clock.systemUTC(), () -> 0.5);
    }

    @Test
    void row3and6PausedProxyIsDeclaredDeadAndResumesLive() {
        try (EventSubscription sub = new EventSubscription(client, new EventSubscription.Listener() { },
                Duration.ofMillis(500), null, quickBackoff())) {
            sub.start();
            await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live);

            proxy.pause();
            await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.WaitingToRetry);

            proxy.resume();
            await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live);
        }
    }

    @Test
    void row5CloseTwiceWhileReconnectScheduledLeavesNoThread() {
        Set<String> before = threadNames();
        EventSubscription sub = new EventSubscription(client, new EventSubscription.Listener() { },
                Duration.ofMillis(500), null,
                new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(30), 0, Duration.ofSeconds(3), Clock.systemUTC(), () -> 0.5));
        sub.start();
        await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.Live);
        proxy.cutAll();
        await().atMost(WAIT).until(() -> sub.state() instanceof StreamState.WaitingToRetry);

        assertThatCode(() -> {
            sub.close();
            sub.close();
        }).doesNotThrowAnyException();

        assertThat(sub.state()).isInstanceOf(StreamState.Stopped.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadNames()).filteredOn(n -> n.startsWith("capstan-events"))
                .isSubsetOf(before));
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
