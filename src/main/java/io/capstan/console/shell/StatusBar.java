package io.capstan.console.shell;

import io.capstan.client.store.AgentStore;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.StatusStyles;
import io.capstan.console.fx.Badge;
import java.time.Clock;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * One chip per agent at the bottom of the window: its name and what its connection is doing ("live",
 * "reconnecting: attempt 3, next try in 4 s", "offline, polling", "authentication failed"), with the one thing the
 * user can do about it: "reconnect now" or "fix token…". Redrawn on every state change and once a second, so the
 * countdown counts.
 */
public final class StatusBar {

    private final HBox chips;
    private final ObservableList<AgentConnection> agents;
    private final ConnectionCommands commands;
    private final Clock clock;

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

    private void redraw() {
        chips.getChildren().clear();
        for (AgentConnection agent : agents) {
            chips.getChildren().add(chip(agent));
        }
    }

    private HBox chip(AgentConnection agent) {
        AgentStore.Snapshot snapshot = agent.snapshot();
        ConnectionStatus status = ConnectionStatus.of(agent.stateProperty().get(), !snapshot.live(), AgentStore.POLL_EVERY,
                clock.instant());
        Label name = new Label(agent.name());
        name.getStyleClass().add("chip-name");
        Badge badge = new Badge().show(status.text(), StatusStyles.of(status.kind()));
        if (status.detail() != null && !status.detail().isEmpty()) {
            badge.setTooltip(new Tooltip(status.detail()));
        }
        HBox chip = new HBox(6, name, badge);
        chip.getStyleClass().add("agent-chip");
        chip.setId("chip-" + agent.name().replaceAll("[^A-Za-z0-9_-]", "-"));
        switch (status.kind()) {
            case RECONNECTING:
            case OFFLINE:
            case CLOSED:
                chip.getChildren().add(link("reconnect now", () -> commands.reconnectNow(agent)));
                break;
            case UNAUTHORIZED:
                if (!agent.embedded()) {
                    chip.getChildren().add(link("fix token…", () -> commands.editConnection(agent)));
                }
                break;
            default:
                break;
        }
        return chip;
    }

    private static Hyperlink link(String text, Runnable action) {
        Hyperlink link = new Hyperlink(text);
        link.setOnAction(event -> action.run());
        return link;
    }
}
