package io.capstan.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Messages;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event hub is the agent's numbered log of events: numbering, retention, the resume rule, waking readers. */
class EventHubTest {

    private static void publish(EventHub hub, int n) {
        for (int i = 0; i < n; i++) hub.publish(seq -> new Messages.DeploymentRemoved(seq, "d" + seq));
    }

    @Test
    void numbersEventsFromOneAndKeepsTheNewestForReaders() {
        EventHub hub = new EventHub(3);
        publish(hub, 5);
        assertThat(hub.lastSeq()).isEqualTo(5);
        SeqLog.Chunk<Messages.AgentEvent> all = hub.read(0, 100);
        assertThat(all.gap()).isEqualTo(new SeqLog.Gap(1, 2));
        assertThat(all.entries()).extracting(Messages.AgentEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(all.entries()).extracting(e -> ((Messages.DeploymentRemoved) e).name()).containsExactly("d3", "d4", "d5");
        assertThat(hub.read(4, 100).entries()).extracting(Messages.AgentEvent::seq).containsExactly(5L);
        assertThat(hub.read(5, 100).isEmpty()).isTrue();
    }

    @Test
    void aReaderResumesOnlyWhereEveryLaterEventIsStillHeld() {
        EventHub hub = new EventHub(3);
        assertThat(hub.holdsAfter(0)).as("nothing happened yet: a resume at 0 misses nothing").isTrue();
        publish(hub, 5);
        assertThat(hub.holdsAfter(1)).as("event 2 is gone").isFalse();
        assertThat(hub.holdsAfter(2)).isTrue();
        assertThat(hub.holdsAfter(4)).isTrue();
        assertThat(hub.holdsAfter(5)).as("caught up").isTrue();
        assertThat(hub.holdsAfter(6)).as("a number this hub never reached belongs to another run").isFalse();
        assertThat(hub.holdsAfter(-1)).isFalse();
    }

    @Test
    void everyHubHasItsOwnEpoch() {
        assertThat(new EventHub(1).epoch()).matches("[0-9a-f]{16}").isNotEqualTo(new EventHub(1).epoch());
    }

    @Test
    void aPublishWakesAWaitingReaderAndClosingWakesItForGood() throws Exception {
        EventHub hub = new EventHub(10);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> await(hub, 0));
        publish(hub, 1);
        waiting.get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> waitingAgain = CompletableFuture.runAsync(() -> await(hub, 1));
        hub.close();
        waitingAgain.get(30, TimeUnit.SECONDS);
        publish(hub, 1);
        assertThat(hub.lastSeq()).as("a closed hub publishes nothing").isEqualTo(1);
        assertThat(hub.isClosed()).isTrue();
    }

    @Test
    void anEventNumberedOtherwiseThanItWasToldIsRefused() {
        EventHub hub = new EventHub(10);
        assertThatThrownBy(() -> hub.append(seq -> List.of(new Messages.DeploymentRemoved(seq + 1, "x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hub.lastSeq()).isZero();
        assertThat(hub.read(0, 10).isEmpty()).isTrue();
    }

    /** Waits far longer than the test may take: only a wake-up ends it in time. */
    private static void await(EventHub hub, long after) {
        try {
            hub.awaitAfter(after, TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
