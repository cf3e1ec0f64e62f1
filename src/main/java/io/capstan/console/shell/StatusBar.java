package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.FittingLabel;
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
 * <p>Name and link keep their width; the badge says as much as its room holds ("offline since 17:02:11, next try in
 * 12 s", "offline since 17:02:11", "offline"). The bar's message asks for no width of its own, so it gives way first;
 * only then do the badges shorten, evenly, never below their one word (decision 137).
 */
public final class StatusBar {

    private final HBox box;
    private final StatusBarViewModel model;
    private final Map<AgentConnection, ChipView> views = new HashMap<>();

    public StatusBar(HBox box, StatusBarViewModel model) {
        this.box = box;
        this.model = model;
        model.chips().addListener((ListChangeListener<StatusBarViewModel.Chip>) change -> redraw());
        redraw();
    }

    private void redraw() {
        List<HBox> ordered = new ArrayList<>();
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
        private final HBox box;
        private StatusBarViewModel.Chip chip;

        ChipView(AgentConnection agent) {
            Label name = new Label(agent.name());
            name.getStyleClass().add("chip-name");
            link.setOnAction(event -> model.remedy(chip));
            // Whole or not at all: a chip's name and link keep their width (the bar's message gives way instead).
            name.setMinWidth(Region.USE_PREF_SIZE);
            link.setMinWidth(Region.USE_PREF_SIZE);
            badge.getStyleClass().add("badge");
            badge.keepShortest();
            box = new HBox(6, name, badge, link);
            box.getStyleClass().add("agent-chip");
            box.setId("chip-" + agent.name().replaceAll("[^A-Za-z0-9_-]", "-"));
        }

        void show(StatusBarViewModel.Chip next) {
            chip = next;
            badge.setWordings(next.wordings());
            badge.getStyleClass().removeIf(style -> style.startsWith("badge-"));
            badge.getStyleClass().add(next.badge().tone().styleClass());
            tooltip.setText(next.tooltip());
            badge.setTooltip(tooltip);
            String remedy = next.remedy().label();
            link.setVisible(!remedy.isEmpty());
            link.setManaged(!remedy.isEmpty());
            link.setText(remedy);
        }
    }
}
