package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Badge;
import io.capstan.console.fx.FittingLabel;
import io.capstan.console.fx.GiveWayRow;
import io.capstan.console.fx.NameLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * Draws the {@link StatusBarViewModel}'s chips at the bottom of the window: name, badge (the whole status and the reason
 * as its tooltip) and the remedy link. A chip's nodes are updated in place, so a link under the pointer stays put.
 *
 * <p>Short of room, the bar's message gives way first (it asks for no width of its own); then the widest chip: its
 * badge says less ("offline since 17:02:11, next try in 12 s", "offline since 17:02:11", "offline"), then its name
 * shortens to a few letters (whole in its tooltip); its link never (decision 137). Short even of that, the chips are
 * clipped rather than widen the window.
 */
public final class StatusBar {

    /** The chips: the widest gives way first (its badge, then its name); it never widens the window. */
    private final GiveWayRow box = new GiveWayRow(14).clipsWhenShort();
    private final StatusBarViewModel model;
    private final Map<AgentConnection, ChipView> views = new HashMap<>();

    public StatusBar(HBox place, StatusBarViewModel model) {
        place.getChildren().setAll(box);
        this.model = model;
        model.chips().addListener((ListChangeListener<StatusBarViewModel.Chip>) change -> redraw());
        redraw();
    }

    private void redraw() {
        List<GiveWayRow> ordered = new ArrayList<>();
        List<AgentConnection> shown = new ArrayList<>();
        for (StatusBarViewModel.Chip chip : model.chips()) {
            ChipView view = views.computeIfAbsent(chip.agent(), ChipView::new);
            view.show(chip);
            ordered.add(view.box);
            shown.add(chip.agent());
        }
        views.keySet().retainAll(shown);
        if (!box.getChildren().equals(ordered)) {
            box.getChildren().setAll(ordered);
        }
    }

    private final class ChipView {
        private final FittingLabel badge = new FittingLabel();
        private final Tooltip tooltip = new Tooltip();
        private final Hyperlink link = new Hyperlink();
        private final GiveWayRow box;
        private StatusBarViewModel.Chip chip;

        ChipView(AgentConnection agent) {
            Label name = new NameLabel(agent.name());
            name.getStyleClass().add("chip-name");
            name.setTooltip(new Tooltip(agent.name()));
            link.setOnAction(event -> model.remedy(chip));
            // The link is whole or not at all: a cut "reconnect n..." is not something to click.
            link.setMinWidth(Region.USE_PREF_SIZE);
            badge.getStyleClass().add("badge");
            badge.keepShortest();
            box = new GiveWayRow(6, GiveWayRow.givesWay(name, 2), GiveWayRow.givesWay(badge, 1), link);
            box.getStyleClass().add("agent-chip");
            box.setId("chip-" + agent.name().replaceAll("[^A-Za-z0-9_-]", "-"));
        }

        void show(StatusBarViewModel.Chip next) {
            chip = next;
            badge.setWordings(next.wordings());
            Badge.tone(badge, next.badge().tone());
            tooltip.setText(next.tooltip());
            badge.setTooltip(tooltip);
            String remedy = next.remedy().label();
            link.setVisible(!remedy.isEmpty());
            link.setManaged(!remedy.isEmpty());
            link.setText(remedy);
        }
    }
}
