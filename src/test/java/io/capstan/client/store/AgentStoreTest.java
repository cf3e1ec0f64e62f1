package io.capstan.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.ManualScheduler;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Failure rows 7-11 at the store level: fetches are futures the test holds and releases. */
class AgentStoreTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<CompletableFuture<Messages.DeploymentList>> fetches = new CopyOnWriteArrayList<>();
    private final List<AgentStore.Snapshot> seen = new CopyOnWriteArrayList<>();
    private final AgentStore store = new AgentStore(new AgentStore.Source() {
        @Override
        public CompletionStage<Messages.DeploymentList> deployments() {
            CompletableFuture<Messages.DeploymentList> f = new CompletableFuture<>();
            fetches.add(f);
            return f;
        }

        @Override
        public CompletionStage<List<Job>> jobs() {
            return CompletableFuture.completedFuture(List.of());
        }
    }, scheduler, seen::add);

    private static Deployment dep(String name, DeploymentStatus status) {
        return new Deployment(name, "process", status, List.of(), null, Instant.EPOCH, null);
    }

    private static Messages.DeploymentList list(long seq, Deployment... ds) {
        return new Messages.DeploymentList(seq, List.of(ds));
    }

    private DeploymentStatus statusOf(String name) {
        return store.snapshot().deployments().stream().filter(d -> d.name().equals(name)).findFirst()
                .map(Deployment::status).orElse(null);
    }

    @Test
    void helloNotResumedRefetchesAndSnapshotIsShown() {
        store.onHello(new Messages.Hello("a", "e1", 10, false));
        assertThat(fetches).hasSize(1);
        fetches.get(0).complete(list(10, dep("shop", DeploymentStatus.RUNNING)));
        assertThat(statusOf("shop")).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(seen.get(seen.size() - 1).live()).isTrue();
        assertThat(seen.get(seen.size() - 1).seq()).isEqualTo(10);
    }

    @Test
    void eventsDuringAHeldFetchAreNotLostAndExactlyOneMoreFetchRuns() {
        store.onHello(new Messages.Hello("a", "e1", 10, false));
        store.refresh();
        store.refresh();
        store.refresh();
        store.onDeployment(new Messages.DeploymentEvent(11, dep("shop", DeploymentStatus.STOPPED)));
        store.onDeployment(new Messages.DeploymentEvent(12, dep("web", DeploymentStatus.RUNNING)));
        store.onDeployment(new Messages.DeploymentEvent(13, dep("shop", DeploymentStatus.PARTIAL)));
        fetches.get(0).complete(list(10, dep("shop", DeploymentStatus.RUNNING)));
        assertThat(statusOf("shop")).isEqualTo(DeploymentStatus.PARTIAL);
        assertThat(statusOf("web")).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(fetches).hasSize(2);
        fetches.get(1).complete(list(13, dep("shop", DeploymentStatus.PARTIAL), dep("web", DeploymentStatus.RUNNING)));
        assertThat(fetches).hasSize(2);
        assertThat(store.snapshot().seq()).isEqualTo(13);
    }

    @Test
    void pendingRefreshRunsWhenTheHeldFetchFails() {
        store.onHello(new Messages.Hello("a", "e1", 10, false));
        store.refresh();
        fetches.get(0).completeExceptionally(new RuntimeException("503"));
        assertThat(fetches).hasSize(2);
        fetches.get(1).complete(list(10, dep("shop", DeploymentStatus.RUNNING)));
        assertThat(statusOf("shop")).isEqualTo(DeploymentStatus.RUNNING);
    }

    @Test
    void olderResponseLandingAfterANewerOneIsDiscarded() {
        long gen = store.generation();
        store.applySnapshot(gen, list(20, dep("shop", DeploymentStatus.RUNNING)), List.of());
        store.applySnapshot(gen, list(15, dep("shop", DeploymentStatus.STOPPED)), List.of());
        assertThat(statusOf("shop")).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(store.snapshot().seq()).isEqualTo(20);
    }

    @Test
    void responseFromBeforeAReconnectIsDiscardedBySeq() {
        store.onHello(new Messages.Hello("a", "e1", 5, false));
        // fetch A is in flight when the stream drops and comes back not resumed at seq 9
        store.onState(new StreamState.WaitingToRetry(1, Instant.EPOCH, "cut"));
        store.onHello(new Messages.Hello("a", "e1", 9, false));
        fetches.get(0).complete(list(5, dep("shop", DeploymentStatus.STOPPED)));
        assertThat(statusOf("shop")).isNull();
        assertThat(fetches).hasSize(2);
        fetches.get(1).complete(list(9, dep("shop", DeploymentStatus.RUNNING)));
        assertThat(statusOf("shop")).isEqualTo(DeploymentStatus.RUNNING);
    }

    @Test
    void responseFromThePreviousEpochIsDiscarded() {
        store.onHello(new Messages.Hello("a", "e1", 500, false));
        store.onState(new StreamState.WaitingToRetry(1, Instant.EPOCH, "agent restarted"));
        store.onHello(new Messages.Hello("a", "e2", 3, false));
        fetches.get(0).complete(list(500, dep("old", DeploymentStatus.RUNNING)));
        assertThat(statusOf("old")).isNull();
        fetches.get(1).complete(list(3, dep("new", DeploymentStatus.RUNNING)));
        assertThat(statusOf("new")).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(store.snapshot().seq()).isEqualTo(3);
    }

    @Test
    void burstOfAThousandEventsCausesAtMostTwoFetches() {
        store.onHello(new Messages.Hello("a", "e1", 0, false));
        for (int i = 1; i <= 1000; i++) {
            store.onDeployment(new Messages.DeploymentEvent(i, dep("d" + (i % 10), DeploymentStatus.RUNNING)));
            store.refresh();
        }
        fetches.get(0).complete(list(0));
        fetches.get(1).complete(list(1000));
        assertThat(fetches).hasSize(2);
    }

    @Test
    void pollsEveryFifteenSecondsWhileTheStreamIsDownAndRefetchesWhenItIsBack() {
        store.onHello(new Messages.Hello("a", "e1", 1, true));
        fetches.get(0).complete(list(1));
        int afterHello = fetches.size();
        store.onState(new StreamState.WaitingToRetry(1, Instant.EPOCH, "cut"));
        scheduler.advance(Duration.ofSeconds(14));
        assertThat(fetches).hasSize(afterHello);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(fetches).hasSize(afterHello + 1);
        fetches.get(fetches.size() - 1).complete(list(1));
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(fetches).hasSize(afterHello + 2);
        fetches.get(fetches.size() - 1).complete(list(1));
        store.onHello(new Messages.Hello("a", "e1", 1, true));
        assertThat(fetches).as("a resumed hello after being down still refetches").hasSize(afterHello + 3);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void listenersGetImmutableSnapshots() {
        store.onHello(new Messages.Hello("a", "e1", 1, false));
        fetches.get(0).complete(list(1, dep("shop", DeploymentStatus.RUNNING)));
        AgentStore.Snapshot s = seen.get(seen.size() - 1);
        List<Deployment> before = new ArrayList<>(s.deployments());
        store.onDeploymentRemoved(new Messages.DeploymentRemoved(2, "shop"));
        assertThat(s.deployments()).isEqualTo(before);
        assertThat(store.snapshot().deployments()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.deployments().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
