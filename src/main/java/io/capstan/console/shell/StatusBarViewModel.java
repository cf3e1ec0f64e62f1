package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.format.BadgeText;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.StatusStyles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * What the status bar shows: one chip per agent, in fleet order, with its connection's words, the reason as a tooltip
 * and at most one remedy, recomputed on every state change and once a second (so countdowns count). The view only
 * draws chips and forwards clicks on the remedy link.
 */
public final class StatusBarViewModel {

    /**
     * One agent's chip.
     *
     * @param badge    the whole status, with its countdown
     * @param wordings the badge's text and its shorter ways, longest first, for a bar without room for the whole
     * @param detail   the reason and what it means, or empty for none
     */
    public record Chip(AgentConnection agent, BadgeText badge, List<String> wordings, String detail, ConnectionStatus.Remedy remedy) {

        public String name() {
            return agent.name();
        }

        /** The whole status, then the detail: what a shortened badge left out is one hover away. */
        public String tooltip() {
            String status = Character.toUpperCase(badge.text().charAt(0)) + badge.text().substring(1);
            return detail.isEmpty() ? status : status + ". " + detail;
        }
    }

    private final ObservableList<AgentConnection> agents;
    private final ConnectionCommands commands;
    private final Clock clock;
    private final ObservableList<Chip> chips = FXCollections.observableArrayList();
    /** One wrapper for life: it listens to {@link #chips} weakly, so a wrapper made per call would go deaf once collected. */
    private final ObservableList<Chip> readOnlyChips = FXCollections.unmodifiableObservableList(chips);

    public StatusBarViewModel(ObservableList<AgentConnection> agents, ConnectionCommands commands, Clock clock) {
        this.agents = Objects.requireNonNull(agents);
        this.commands = Objects.requireNonNull(commands);
        this.clock = Objects.requireNonNull(clock);
        agents.addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::watch);
            }
            recompute();
        });
        agents.forEach(this::watch);
        recompute();
    }

    /** The chips, changed only when what one shows changed. */
    public ObservableList<Chip> chips() {
        return readOnlyChips;
    }

    /** Called once a second by the main window. */
    public void tick() {
        recompute();
    }

    /** The user clicked the chip's link. */
    public void remedy(Chip chip) {
        switch (chip.remedy()) {
            case RECONNECT_NOW -> commands.reconnectNow(chip.agent());
            case FIX_TOKEN, REVIEW_CERTIFICATE -> commands.editConnection(chip.agent());
            default -> {
                // NONE: no link is shown
            }
        }
    }

    private void watch(AgentConnection agent) {
        agent.stateProperty().addListener((obs, old, now) -> recompute());
    }

    private void recompute() {
        List<Chip> next = new ArrayList<>();
        for (AgentConnection agent : agents) {
            ConnectionStatus status = agent.status(clock.instant(), clock.getZone());
            // The chip has room for the whole sentence with its countdown; the tree's badge says only the word.
            BadgeText badge = new BadgeText(status.text(), StatusStyles.of(status.kind()));
            String detail = status.detail() == null ? "" : status.detail();
            next.add(new Chip(agent, badge, status.wordings(), detail, status.remedy(agent.embedded(), agent.reason())));
        }
        if (!next.equals(chips)) {
            chips.setAll(next);
        }
    }
}
