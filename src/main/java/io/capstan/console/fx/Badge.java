package io.capstan.console.fx;

import io.capstan.console.format.StatusStyles;
import javafx.scene.control.Label;

/** The small coloured status word shown in trees and tables ({@code .badge} plus {@code .badge-<tone>}). */
public final class Badge extends Label {

    public Badge() {
        getStyleClass().add("badge");
        setMinWidth(USE_PREF_SIZE);
    }

    public Badge show(String text, StatusStyles.Tone tone) {
        setText(text);
        getStyleClass().removeIf(style -> style.startsWith("badge-"));
        getStyleClass().add(tone.styleClass());
        return this;
    }
}
