package io.capstan.console.fx;

import javafx.geometry.VPos;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * Text that changes every second (an uptime, a running job's duration) without laying out the table it is in.
 *
 * <p>A table cell's own text is a {@link Labeled}'s: each change asks the cell for a layout, which climbs to the
 * table, whose next pulse lays every row out again ({@code VirtualFlow.layoutChildren}, each row's preferred height).
 * With the console's one-second tick that was 8-17 ms of the FX thread and 3-8 ms of the render thread every second,
 * warm, even with nothing else changing: one frame a second over budget during a log flood (docs/performance.md,
 * issue 13 item 4). Here the text is an unmanaged {@link Text} inside a region the cell lays out: changing it asks
 * nobody for a layout. Only a text wider than the room it was given ("9 s" to "10 s") asks for one, so the column and
 * the row make room for it as before.
 */
public final class TickingText extends Region {
    private final Text text = new Text();
    private final Rectangle clip = new Rectangle();

    /** Draws in {@code owner}'s font and text fill, so it follows selection and the theme as the cell's text would. */
    public TickingText(Labeled owner) {
        getStyleClass().add("ticking-text");
        text.setManaged(false);
        text.setTextOrigin(VPos.TOP);
        text.fontProperty().bind(owner.fontProperty());
        text.fillProperty().bind(owner.textFillProperty());
        // A new font changes the text's size: that one does need a layout.
        owner.fontProperty().addListener((obs, old, now) -> requestLayout());
        getChildren().add(text);
        setClip(clip);
    }

    /** Shows {@code value}; asks for a layout only when it needs more room than it has. */
    public void setText(String value) {
        if (value.equals(text.getText())) {
            return;
        }
        text.setText(value);
        // Never laid out (the table's measuring row, a cell not yet shown): a layout is due anyway, or never will be, and
        // asking would lay the table out again.
        if (getWidth() > 0 && textWidth() > getWidth()) {
            requestLayout();
        }
    }

    public String getText() {
        return text.getText();
    }

    /** The text's width: what the cell's column needs for it. */
    public double textWidth() {
        return text.getLayoutBounds().getWidth();
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + Math.ceil(textWidth()) + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + Math.ceil(text.getLayoutBounds().getHeight()) + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected void layoutChildren() {
        double room = getHeight() - snappedTopInset() - snappedBottomInset();
        text.relocate(snappedLeftInset(), snappedTopInset() + Math.max(0, (room - text.getLayoutBounds().getHeight()) / 2));
        clip.setWidth(getWidth());
        clip.setHeight(getHeight());
    }
}
