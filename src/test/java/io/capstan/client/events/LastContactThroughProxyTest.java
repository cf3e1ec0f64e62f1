package io.capstan.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.UnavailableException;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.ManualScheduler;
import io.capstan.client.testing.MutableClock;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Last contact" (decision record 151): a stream's failure reports when the agent was last heard from, not when the
 * failure was noticed. A real agent behind a fault proxy; one clock, the test's, stamps contacts and times the backoff,
 * so "when" is exact and nothing waits on a sleep.
 */
class LastContactThroughProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough that the steps between the last byte and the stall are done before the silence is noticed. */
    private static final Duration SILENCE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MutableClock clock = scheduler.mutableClock();
    private final EventSubscriptionTest.Recorder recorder = new EventSubscriptionTest.Recorder();
    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient client;
    private EventSubscription sub;

    /**
     * An agent, a proxy and a client through it. {@code ping}: the agent's idle comment interval; an hour makes an idle
     * stream's hello its last byte, so a stall's start is known to the millisecond.
     */
    private void start(Duration ping) throws Exception {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("app")).config(c -> c.pingInterval(ping)).start();
        proxy = agent.proxy();
        client = new AgentClient(new AgentEndpoint("it", proxy.url(), agent.token()), clock);
        sub = new EventSubscription(client, recorder, SILENCE, scheduler, null);
        sub.start();
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        if (sub != null) sub.close();
        if (client != null) client.close();
        if (agent != null) agent.close();
    }

    @Test
    void aStalledStreamReportsItsLastByteNotTheMomentItsSilenceWasNoticed() throws Exception {
        start(Duration.ofHours(1));
        Instant heard = clock.instant();
        assertThat(client.lastContact()).as("the answer and the hello are contact").isEqualTo(heard);

        clock.advance(Duration.ofSeconds(10));
        Instant stallBegan = clock.instant();
        proxy.pause(); // open and silent: a paused agent, a dead path, a half-open connection
        clock.advance(Duration.ofSeconds(45)); // the silence is noticed well after the stall began

        StreamState.WaitingToRetry waiting = (StreamState.WaitingToRetry) awaitState(s -> s instanceof StreamState.WaitingToRetry);
        assertThat(waiting.cause()).startsWith("timed out");
        assertThat(waiting.lastContact()).as("last contact").isEqualTo(heard).isBeforeOrEqualTo(stallBegan);
        assertThat(waiting.nextTryAt()).as("the failure itself is noticed at the test clock's now").isAfter(stallBegan);
        assertThat(client.lastContact()).isEqualTo(heard);
    }

    @Test
    void aRefusedReconnectRightAfterALiveStreamKeepsTheLastByteAndOnlyAnAnswerMovesIt() throws Exception {
        start(Duration.ofHours(1));
        Instant heard = clock.instant();

        clock.advance(Duration.ofSeconds(10));
        proxy.refuseNewConnections(true);
        proxy.cutAll();
        StreamState.WaitingToRetry first = (StreamState.WaitingToRetry) awaitState(s -> s instanceof StreamState.WaitingToRetry);
        assertThat(first.lastContact()).isEqualTo(heard);

        scheduler.advance(Duration.ofSeconds(31)); // past any first backoff step: the reconnect is refused
        StreamState.WaitingToRetry second = (StreamState.WaitingToRetry) awaitState(
                s -> s instanceof StreamState.WaitingToRetry w && w.attempt() >= 2);
        assertThat(second.lastContact()).as("a refusal is not the agent speaking").isEqualTo(heard);
        assertThatThrownBy(() -> client.health()).isInstanceOf(UnavailableException.class);
        assertThat(client.lastContact()).as("a failed call is not contact either").isEqualTo(heard);

        proxy.refuseNewConnections(false);
        clock.advance(Duration.ofSeconds(5));
        Instant answered = clock.instant();
        client.health();
        assertThat(client.lastContact()).as("a call answered is contact").isEqualTo(answered);
    }

    @Test
    void pingsAloneKeepTheContactCurrent() throws Exception {
        start(Duration.ofMillis(100));
        clock.advance(Duration.ofMinutes(1));
        Instant later = clock.instant();
        // No event is sent: only the agent's ": ping" comments can renew the contact at the new time.
        await().atMost(WAIT).until(() -> later.equals(client.lastContact()));
        assertThat(recorder.states).last().isInstanceOf(StreamState.Live.class);
    }

    private StreamState awaitState(Predicate<StreamState> match) {
        await().atMost(WAIT).until(() -> recorder.states.stream().anyMatch(match));
        return recorder.states.stream().filter(match).findFirst().orElseThrow();
    }
}
