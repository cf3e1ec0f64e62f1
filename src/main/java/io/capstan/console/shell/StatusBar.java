package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.StatusStyles;
import io.capstan.console.fx.Badge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * One chip per agent at the bottom of the window: its name and what its connection is doing ("live",
 * "reconnecting, next try in 4 s", "offline since 17:02:11, next try in 27 s", "authentication failed"; the reason in
 * plain words in its tooltip), with the one thing the
 * user can do about it: "reconnect now" or "fix token…". Redrawn on every state change and once a second, so the
 * countdown counts.
 */
public final class StatusBar {

    private final HBox chips;
    private final ObservableList<AgentConnection> agents;
    private final ConnectionCommands commands;
    private final Clock clock;
    private final Map<AgentConnection, Chip> chipsByAgent = new HashMap<>();

    public StatusBar(HBox chips, ObservableList<AgentConnection> agents, ConnectionCommands commands, Clock clock) {
        this.chips = chips;
        this.agents = agents;
        this.commands = commands;
        this.clock = clock;
        agents.addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(agent -> agent.stateProperty().addListener((obs, old, now) -> redraw()));
            }
            redraw();
        });
        agents.forEach(agent -> agent.stateProperty().addListener((obs, old, now) -> redraw()));
        redraw();
    }

    /** Called once a second by the main window. */
    public void tick() {
        redraw();
    }

    /** Keeps one chip per agent, in fleet order, updated in place so a link under the pointer stays put. */
    private void redraw() {
        chipsByAgent.keySet().retainAll(agents);
        List<HBox> ordered = new ArrayList<>();
        for (AgentConnection agent : agents) {
            Chip chip = chipsByAgent.computeIfAbsent(agent, Chip::new);
            chip.update();
            ordered.add(chip.box);
        }
        if (!chips.getChildren().equals(ordered)) {
            chips.getChildren().setAll(ordered);
        }
    }

    /** Name, status badge and at most one remedy link for one agent. */
    private final class Chip {
        private final AgentConnection agent;
        private final Badge badge = new Badge();
        private final Tooltip tooltip = new Tooltip();
        private final Hyperlink link = new Hyperlink();
        private final HBox box;
        private Runnable remedy = () -> { };

        Chip(AgentConnection agent) {
            this.agent = agent;
            Label name = new Label(agent.name());
            name.getStyleClass().add("chip-name");
            link.setOnAction(event -> remedy.run());
            box = new HBox(6, name, badge, link);
            box.getStyleClass().add("agent-chip");
            box.setId("chip-" + agent.name().replaceAll("[^A-Za-z0-9_-]", "-"));
        }

        /** The stream is refused in the handshake: only the user's decision in the connection dialog can help. */
        private boolean certificateRefused(String reason) {
            return "the agent's certificate changed".equals(reason) || "certificate not trusted yet".equals(reason);
        }

        void update() {
            ConnectionStatus status = ConnectionStatus.of(agent.stateProperty().get(), agent.reason(),
                    agent.offlineSinceProperty().get(), clock.instant(), clock.getZone()).throughSsh(agent.sshUp(), agent.sshReason());
            badge.show(status.text(), StatusStyles.of(status.kind()));
            tooltip.setText(status.detail() == null ? "" : status.detail());
            badge.setTooltip(status.detail() == null || status.detail().isEmpty() ? null : tooltip);
            switch (status.kind()) {
                case RECONNECTING:
                case OFFLINE:
                case CLOSED:
                    if (certificateRefused(agent.reason()) && !agent.embedded()) {
                        offer("review certificate…", () -> commands.editConnection(agent));
                    } else {
                        offer("reconnect now", () -> commands.reconnectNow(agent));
                    }
                    break;
                case UNAUTHORIZED:
                    if (agent.embedded()) {
                        offer(null, null);
                    } else {
                        offer("fix token…", () -> commands.editConnection(agent));
                    }
                    break;
                default:
                    offer(null, null);
                    break;
            }
        }

        private void offer(String text, Runnable action) {
            boolean shown = text != null;
            link.setVisible(shown);
            link.setManaged(shown);
            if (shown) {
                link.setText(text);
                remedy = action;
            }
        }
    }
}
