package io.capstan.console.fx;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.text.Text;

/**
 * A label that says as much as fits: given its wordings longest first ("1 of 2 deployments running", "1/2 dep. running",
 * "1/2"), it shows the longest one its width holds, instead of cutting the longest to "1 of 2..." (issue 12, the tree at
 * 1024 px).
 * It asks for the width of the longest wording, so a roomy layout shows that one; when even the shortest does not fit
 * it shows nothing (the row's badge and tooltip still say the state).
 */
public final class FittingLabel extends Label implements Fitting {

    /** A pixel to spare: the skin cuts a text whose width rounds above the room. */
    private static final double SLACK = 1;

    private final Text measure = new Text();
    private List<String> wordings = List.of("");
    private boolean keepShortest;

    public FittingLabel() {
        setMinWidth(0);
    }

    /** The wordings, longest first; the first is what the label says when there is room. */
    public void setWordings(List<String> longestFirst) {
        if (longestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one wording");
        }
        if (!longestFirst.equals(wordings)) {
            wordings = List.copyOf(longestFirst);
            setText(wordings.get(0));
            requestLayout();
        }
    }

    /**
     * Never narrower than the shortest wording, which then always shows: for a badge that must at least say its word
     * ("offline"), where a layout short of room should take it from a neighbour that gives way.
     */
    public void keepShortest() {
        keepShortest = true;
        setMinWidth(USE_COMPUTED_SIZE);
    }

    @Override
    protected double computeMinWidth(double height) {
        return keepShortest ? snappedLeftInset() + snappedRightInset() + width(wordings.get(wordings.size() - 1)) + SLACK
                : super.computeMinWidth(height);
    }

    public List<String> wordings() {
        return wordings;
    }

    /** The longest wording's width, whichever one shows now, so a wider row gets the longest one back. */
    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + width(wordings.get(0)) + SLACK;
    }

    @Override
    public double fittedWidth(double room) {
        String chosen = chosen(room - snappedLeftInset() - snappedRightInset());
        return chosen.isEmpty() ? Math.min(room, minWidth(-1)) : snappedLeftInset() + snappedRightInset() + width(chosen) + SLACK;
    }

    /** The longest wording that fits {@code room} inside the insets; nothing rather than a lone "…" when none does. */
    private String chosen(double room) {
        for (String wording : wordings) {
            if (width(wording) + SLACK <= room) {
                return wording;
            }
        }
        return "";
    }

    @Override
    protected void layoutChildren() {
        String chosen = chosen(getWidth() - snappedLeftInset() - snappedRightInset());
        if (keepShortest && chosen.isEmpty()) {
            chosen = wordings.get(wordings.size() - 1);
        }
        if (!chosen.equals(getText())) {
            setText(chosen);
        }
        super.layoutChildren();
    }

    private double width(String text) {
        measure.setFont(getFont());
        measure.setText(text);
        return Math.ceil(measure.getLayoutBounds().getWidth());
    }
}
