package io.capstan.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Messages;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream resumed from a point past the agent's end (416: its history was wiped, or it came back with older
 * state under the same numbering) recovers by itself, through the fault proxy to a running agent: it starts afresh from
 * the agent's current end as a new epoch would ({@code hello} with {@code resumed: false}, so the store refetches), says
 * why once on its live state, goes on delivering events, and never loops (decision record 140).
 */
class EventsPastTheEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient client;

    @BeforeEach
    void start() {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("web").stopTimeout("3s")).quick().start();
        proxy = agent.proxy();
        client = agent.proxiedClient("proxied");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private Messages.Hello firstHello() {
        EventSubscriptionTest.Recorder r = new EventSubscriptionTest.Recorder();
        try (EventSubscription s = new EventSubscription(client, r)) {
            s.start();
            await().atMost(WAIT).until(() -> !r.hellos.isEmpty());
        }
        return r.hellos.get(0);
    }

    @Test
    void aResumePointPastTheEndStartsAfreshOnceSaysWhyAndGoesOn() {
        Messages.Hello now = firstHello();
        String pastTheEnd = now.epoch() + ":" + (now.seq() + 1000);
        EventSubscriptionTest.Recorder r = new EventSubscriptionTest.Recorder();
        int connectionsBefore = proxy.connectionsAccepted();
        try (EventSubscription s = new EventSubscription(client, r, AgentClient.HEARTBEAT_WINDOW, null, null, pastTheEnd)) {
            s.start();
            await().atMost(WAIT).until(() -> !r.hellos.isEmpty());

            Messages.Hello hello = r.hellos.get(0);
            assertThat(hello.resumed()).as("a fresh start: the listener refetches everything").isFalse();
            assertThat(hello.epoch()).isEqualTo(now.epoch());
            List<StreamState.Live> lives = r.states.stream().filter(StreamState.Live.class::isInstance)
                    .map(StreamState.Live.class::cast).toList();
            assertThat(lives).hasSize(1);
            assertThat(lives.get(0).note()).contains("its history was reset or it came back with older state",
                    "showing its current state afresh", "past the end of this agent's events", ":" + (now.seq() + 1000));
            assertThat(r.states).noneMatch(st -> st instanceof StreamState.WaitingToRetry || st instanceof StreamState.Stopped);

            // Live from the agent's current end: a job's events arrive, numbered after where it started.
            agent.run("app", "web", Action.START);
            await().atMost(WAIT).until(() -> r.events.stream().anyMatch(Messages.JobEvent.class::isInstance));
            assertThat(s.lastEventId()).startsWith(now.epoch() + ":");
            assertThat(Long.parseLong(s.lastEventId().substring(now.epoch().length() + 1))).isLessThan(now.seq() + 1000);
            assertThat(proxy.connectionsAccepted() - connectionsBefore).as("one refused, one fresh: no loop")
                    .isLessThanOrEqualTo(3);

            // A cut afterwards resumes as usual, with no note: the fresh start was said once.
            proxy.cutAll();
            await().atMost(WAIT).until(() -> r.states.stream().filter(StreamState.Live.class::isInstance).count() == 2);
            assertThat(r.states.stream().filter(StreamState.Live.class::isInstance).map(st -> ((StreamState.Live) st).note()))
                    .containsExactly(lives.get(0).note(), null);
            assertThat(r.hellos.get(r.hellos.size() - 1).resumed()).isTrue();
        }
    }

    @Test
    void aMalformedResumePointStillStops() {
        EventSubscriptionTest.Recorder r = new EventSubscriptionTest.Recorder();
        try (EventSubscription s = new EventSubscription(client, r, AgentClient.HEARTBEAT_WINDOW, null, null, "not-a-cursor")) {
            s.start();
            await().atMost(WAIT).until(() -> s.state() instanceof StreamState.Stopped);
            assertThat(((StreamState.Stopped) s.state()).reason()).isEqualTo(StreamState.StopReason.REJECTED);
            assertThat(r.hellos).isEmpty();
        }
    }
}
