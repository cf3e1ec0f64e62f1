package io.capstan.console.deployments;

import static io.capstan.console.Fixtures.agent;
import static io.capstan.console.Fixtures.deployment;
import static io.capstan.console.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.client.testing.MutableClock;
import io.capstan.console.Fixtures;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.Offline;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class DeploymentsViewModelTest {

    private final AgentConnection local = agent("local");
    private final AgentConnection prod = agent("prod");
    private final ObservableList<AgentConnection> agents = FXCollections.observableArrayList(local, prod);
    private final DeploymentsViewModel model = new DeploymentsViewModel(agents, Clock.fixed(Fixtures.T0, ZoneOffset.UTC));

    private static void publish(AgentConnection agent, long seq, Deployment... deployments) {
        agent.publish(new AgentStore.Snapshot(seq, List.of(deployments), List.of(), true), new StreamState.Live());
    }

    private List<String> shown() {
        return model.treeProperty().get().stream()
                .flatMap(tree -> java.util.stream.Stream.concat(java.util.stream.Stream.of(tree.agent().key()),
                        tree.deployments().stream().map(TreeRow::key)))
                .toList();
    }

    @Test
    void showsEveryAgentWithItsDeploymentsAndStatus() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.RUNNING)));
        publish(prod, 1, deployment("billing", service("api", ServiceStatus.STOPPED)), deployment("search"));

        assertThat(shown()).containsExactly("local", "local/shop", "prod", "prod/billing", "prod/search");
        TreeRow.AgentRow localRow = model.treeProperty().get().get(0).agent();
        assertThat(localRow.running()).isEqualTo(1);
        assertThat(localRow.status().kind()).isEqualTo(ConnectionStatus.Kind.LIVE);
    }

    @Test
    void filterMatchesAgentDeploymentOrServiceNames() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.RUNNING)));
        publish(prod, 1, deployment("billing", service("api", ServiceStatus.STOPPED)), deployment("search"));

        model.filterProperty().set("API");
        assertThat(shown()).containsExactly("prod", "prod/billing");
        model.filterProperty().set("loc");
        assertThat(shown()).containsExactly("local", "local/shop");
        model.filterProperty().set("nothing-like-this");
        assertThat(shown()).isEmpty();
    }

    @Test
    void selectionFollowsFreshDataSoRowsNeverGoStale() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.STOPPED), service("api", ServiceStatus.STOPPED)));
        model.selectedKeyProperty().set("local/shop");
        model.selectedServiceProperty().set("web");
        assertThat(model.services()).extracting(Service::status).containsOnly(ServiceStatus.STOPPED);
        assertThat(model.targetProperty().get().label()).isEqualTo("shop/web");

        publish(local, 2, deployment("shop", service("web", ServiceStatus.RUNNING), service("api", ServiceStatus.STOPPED)));

        assertThat(model.services()).extracting(Service::status).containsExactly(ServiceStatus.RUNNING, ServiceStatus.STOPPED);
        assertThat(model.targetProperty().get().service().status()).isEqualTo(ServiceStatus.RUNNING);
    }

    @Test
    void aRemovedDeploymentOrAgentClearsTheTarget() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.RUNNING)));
        model.selectedKeyProperty().set("local/shop");
        assertThat(model.targetProperty().get()).isNotNull();

        publish(local, 2);
        assertThat(model.targetProperty().get()).isNull();
        assertThat(model.services()).isEmpty();

        publish(local, 3, deployment("shop", service("web", ServiceStatus.RUNNING)));
        assertThat(model.targetProperty().get()).isNotNull();
        agents.remove(local);
        assertThat(model.targetProperty().get()).isNull();
        assertThat(shown()).containsExactly("prod");
    }

    @Test
    void selectingAnAgentTargetsNothing() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.RUNNING)));
        model.selectedKeyProperty().set("local");
        assertThat(model.selectedProperty().get()).isInstanceOf(TreeRow.AgentRow.class);
        assertThat(model.targetProperty().get()).isNull();
    }

    @Test
    void anAgentDownPastTheGraceReadsOfflineUntilItIsLiveAgain() {
        MutableClock clock = new MutableClock(Fixtures.T0);
        AgentConnection lab = new AgentConnection(new AgentEndpoint("lab", "http://127.0.0.1:1", "token-token-token"), false, clock);
        ObservableList<AgentConnection> fleet = FXCollections.observableArrayList(lab);
        DeploymentsViewModel offline = new DeploymentsViewModel(fleet, clock);
        Deployment shop = deployment("shop", service("web", ServiceStatus.RUNNING));
        publish(lab, 1, shop);
        offline.selectedKeyProperty().set("lab/shop");
        assertThat(offline.targetProperty().get().unreachable()).isNull();

        lab.publish(lab.snapshot(), new StreamState.WaitingToRetry(1, Fixtures.T0.plusSeconds(1), "connection refused"));
        clock.advance(Offline.GRACE.minusMillis(1));
        lab.tick();
        assertThat(offline.unreachableProperty().get()).as("within the grace").isNull();
        assertThat(offline.treeProperty().get().get(0).agent().status().kind()).isEqualTo(ConnectionStatus.Kind.RECONNECTING);

        clock.advance(Duration.ofMillis(1));
        lab.tick();
        String expected = "agent offline since " + Offline.time(Fixtures.T0, clock.getZone()) + ": connection refused";
        assertThat(offline.unreachableProperty().get()).isEqualTo(expected);
        assertThat(offline.frozenAtProperty().get()).as("clocks stop where the agent was last seen").isEqualTo(Fixtures.T0);
        assertThat(offline.treeProperty().get().get(0).deployments()).singleElement()
                .satisfies(row -> assertThat(row.unreachable()).isEqualTo(expected));
        assertThat(offline.targetProperty().get().unreachable()).isEqualTo(expected);
        assertThat(offline.treeProperty().get().get(0).agent().status().kind()).isEqualTo(ConnectionStatus.Kind.OFFLINE);

        publish(lab, 2, shop);
        assertThat(offline.unreachableProperty().get()).isNull();
        assertThat(offline.frozenAtProperty().get()).isNull();
        assertThat(offline.targetProperty().get().unreachable()).isNull();
    }

    @Test
    void aSilentAgentReadsOfflineSinceItsLastContactAndAnAnswerLaterMovesIt() {
        MutableClock clock = new MutableClock(Fixtures.T0);
        AgentConnection lab = new AgentConnection(new AgentEndpoint("lab", "http://127.0.0.1:1", "token-token-token"), false, clock);
        DeploymentsViewModel offline = new DeploymentsViewModel(FXCollections.observableArrayList(lab), clock);
        publish(lab, 1, deployment("shop", service("web", ServiceStatus.RUNNING)));
        offline.selectedKeyProperty().set("lab/shop");

        clock.advance(Duration.ofSeconds(45)); // a paused agent: its silence is noticed a heartbeat window later
        lab.publish(lab.snapshot(), new StreamState.WaitingToRetry(1, clock.instant().plusSeconds(1),
                "timed out: no data within the heartbeat window", Fixtures.T0));
        clock.advance(Offline.GRACE.minusMillis(1));
        lab.tick();
        assertThat(lab.offlineSinceProperty().get()).as("the grace counts from the notice").isNull();

        clock.advance(Duration.ofMillis(1));
        lab.tick();
        assertThat(lab.offlineSinceProperty().get()).isEqualTo(Fixtures.T0);
        assertThat(offline.frozenAtProperty().get()).as("uptimes stop at the last byte").isEqualTo(Fixtures.T0);
        assertThat(offline.unreachableProperty().get()).isEqualTo("agent offline since " + Offline.time(Fixtures.T0,
                clock.getZone()) + ": timed out: no data within the heartbeat window");
        assertThat(offline.treeProperty().get().get(0).agent().status().text()).as("the chip's words")
                .startsWith("offline since " + Offline.time(Fixtures.T0, clock.getZone()));

        Instant answered = clock.instant(); // the store's poll was answered while the stream stays down
        lab.publish(lab.snapshot(), new StreamState.WaitingToRetry(2, answered.plusSeconds(2), "timed out", answered));
        lab.tick();
        assertThat(lab.offlineSinceProperty().get()).isEqualTo(answered);
        assertThat(offline.frozenAtProperty().get()).isEqualTo(answered);
    }

    @Test
    void clickingTheSelectedDeploymentAgainTargetsTheWholeDeployment() {
        publish(local, 1, deployment("shop", service("web", ServiceStatus.RUNNING), service("api", ServiceStatus.RUNNING)));
        model.selectedKeyProperty().set("local/shop");
        model.selectedServiceProperty().set("api");
        assertThat(model.targetProperty().get().describe()).isEqualTo("service api of shop on local");

        publish(local, 2, deployment("shop", service("web", ServiceStatus.RUNNING), service("api", ServiceStatus.STOPPED)));
        assertThat(model.targetProperty().get().describe()).as("a fresh snapshot keeps the service")
                .isEqualTo("service api of shop on local");

        model.targetWholeDeployment();
        assertThat(model.targetProperty().get().describe()).isEqualTo("deployment shop on local");
    }
}
