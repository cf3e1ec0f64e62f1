package io.capstan.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.format.ConnectionStatus.Remedy;
import java.time.Clock;
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
        prod.publish(null, new StreamState.WaitingToRetry(2, NOW.plusSeconds(4), "connection refused"));

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
}
