package io.capstan.console.fx;

import javafx.scene.control.Label;
import javafx.scene.text.Text;

/**
 * A name that, short of room, gives way down to its first few letters and an ellipsis, never to a lone "…": enough to
 * tell "staging-e…" from "prod" (the whole name belongs in a tooltip).
 */
public final class NameLabel extends Label {
    private static final int KEPT = 8;
    private final Text measure = new Text();

    public NameLabel() {
        this("");
    }

    public NameLabel(String name) {
        super(name);
    }

    @Override
    protected double computeMinWidth(double height) {
        String name = getText() == null ? "" : getText();
        if (name.length() <= KEPT + 1) {
            return prefWidth(height);
        }
        measure.setFont(getFont());
        measure.setText(name.substring(0, KEPT) + "…");
        return Math.min(prefWidth(height),
                snappedLeftInset() + snappedRightInset() + Math.ceil(measure.getLayoutBounds().getWidth()) + 1);
    }
}
