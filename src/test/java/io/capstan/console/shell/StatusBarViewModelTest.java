package io.capstan.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.client.testing.MutableClock;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.format.Offline;
import io.capstan.console.format.ConnectionStatus.Remedy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class StatusBarViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<String> commands = new ArrayList<>();
    private final ConnectionCommands recorder = new ConnectionCommands() {
        @Override
        public void addConnection() {
            commands.add("add");
        }

        @Override
        public void editConnection(AgentConnection agent) {
            commands.add("edit " + agent.name());
        }

        @Override
        public void removeConnection(AgentConnection agent) {
            commands.add("remove " + agent.name());
        }

        @Override
        public void reconnectNow(AgentConnection agent) {
            commands.add("reconnect " + agent.name());
        }
    };

    private AgentConnection agent(String name, boolean embedded) {
        return new AgentConnection(new AgentEndpoint(name, "http://127.0.0.1:1", "t"), embedded, clock);
    }

    @Test
    void oneChipPerAgentInFleetOrderWithItsRemedyAndTheLinkRunsIt() {
        AgentConnection local = agent("This computer", true);
        AgentConnection prod = agent("prod", false);
        ObservableList<AgentConnection> agents = FXCollections.observableArrayList(local);
        StatusBarViewModel model = new StatusBarViewModel(agents, recorder, clock);
        agents.add(prod);

        local.publish(null, new StreamState.Live());
        prod.publish(null, new StreamState.Live());
        prod.publish(null, new StreamState.WaitingToRetry(2, NOW.plusSeconds(4), "connection refused", NOW));

        assertThat(model.chips()).extracting(StatusBarViewModel.Chip::name).containsExactly("This computer", "prod");
        StatusBarViewModel.Chip prodChip = model.chips().get(1);
        assertThat(prodChip.badge().text()).isEqualTo("reconnecting, next try in 4 s");
        assertThat(prodChip.detail()).isEqualTo("Lost the event stream: connection refused");
        assertThat(prodChip.tooltip()).as("what a short badge leaves out is in the tooltip")
                .isEqualTo("Reconnecting, next try in 4 s. Lost the event stream: connection refused");
        assertThat(prodChip.remedy()).isEqualTo(Remedy.RECONNECT_NOW);
        assertThat(model.chips().get(0).remedy()).isEqualTo(Remedy.NONE);

        model.remedy(prodChip);
        prod.publish(null, new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401"));
        model.remedy(model.chips().get(1));
        local.publish(null, new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401"));
        assertThat(model.chips().get(0).remedy()).as("the embedded agent's token is not the user's to fix").isEqualTo(Remedy.NONE);
        model.remedy(model.chips().get(0));

        assertThat(commands).containsExactly("reconnect prod", "edit prod");

        agents.remove(local);
        assertThat(model.chips()).extracting(StatusBarViewModel.Chip::name).containsExactly("prod");
    }

    /**
     * Decision record 159: an agent never reached since it was added reads "not reached" past the grace, never "offline
     * since" its first try; once reached and lost, "offline since" its last contact.
     */
    @Test
    void anAgentNeverReachedReadsNotReachedPastTheGraceAndOfflineSinceItsLastContactOnceLost() {
        MutableClock moving = new MutableClock(NOW);
        AgentConnection prod = new AgentConnection(new AgentEndpoint("prod", "http://127.0.0.1:1", "t"), false, moving);
        ObservableList<AgentConnection> agents = FXCollections.observableArrayList(prod);
        StatusBarViewModel model = new StatusBarViewModel(agents, recorder, moving);

        prod.publish(null, new StreamState.WaitingToRetry(1, NOW.plusSeconds(1), "connection refused", null));
        moving.advance(Offline.GRACE.plusSeconds(7));
        prod.publish(null, new StreamState.WaitingToRetry(5, moving.instant().plusSeconds(12), "connection refused", null));
        prod.tick();
        model.tick();
        StatusBarViewModel.Chip chip = model.chips().get(0);
        assertThat(prod.reached()).isFalse();
        assertThat(prod.offlineSinceProperty().get()).as("no time it was last up").isNull();
        assertThat(chip.wordings()).containsExactly("not reached yet, next try in 12 s", "not reached yet", "not reached", "unseen");
        assertThat(chip.tooltip()).isEqualTo("Not reached yet, next try in 12 s. This console has not reached the agent yet:"
                + " connection refused. Nothing is known of it until it answers.");
        assertThat(chip.remedy()).isEqualTo(Remedy.RECONNECT_NOW);

        prod.publish(null, new StreamState.Live());
        Instant lastByte = moving.instant();
        moving.advance(Duration.ofSeconds(2));
        prod.publish(null, new StreamState.WaitingToRetry(1, moving.instant().plusSeconds(1), "connection refused", lastByte));
        moving.advance(Offline.GRACE);
        prod.tick();
        model.tick();
        assertThat(model.chips().get(0).wordings()).first().asString().startsWith("offline since 10:00:12, next try in");
    }
}
