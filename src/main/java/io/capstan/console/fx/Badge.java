package io.capstan.console.fx;

import io.capstan.console.format.StatusStyles;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;

/** The small coloured status word shown in trees and tables ({@code .badge} plus {@code .badge-<tone>}). */
public final class Badge extends Label {

    public Badge() {
        getStyleClass().add("badge");
        setMinWidth(USE_PREF_SIZE);
    }

    public Badge show(String text, StatusStyles.Tone tone) {
        setText(text);
        tone(this, tone);
        return this;
    }

    /** Colours any label as a badge of {@code tone} (a {@link FittingLabel} badge that says less when short of room). */
    public static void tone(Labeled label, StatusStyles.Tone tone) {
        label.getStyleClass().removeIf(style -> style.startsWith("badge-"));
        label.getStyleClass().add(tone.styleClass());
    }
}
