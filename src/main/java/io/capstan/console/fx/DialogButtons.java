package io.capstan.console.fx;

import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.Region;

/**
 * A dialog's buttons are shown whole: the button bar makes them one size and, in a dialog narrower than three long
 * labels, cut them all ("Put back in the mai..."); with their preferred width as their minimum the dialog grows to
 * hold them instead (issue 12: no control cut at 1024x700).
 */
public final class DialogButtons {

    private DialogButtons() {
    }

    /** Keeps every button of {@code pane} at least as wide as its label. Call once its button types are set. */
    public static DialogPane whole(DialogPane pane) {
        for (ButtonType type : pane.getButtonTypes()) {
            Node button = pane.lookupButton(type);
            if (button instanceof Region region) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        return pane;
    }
}
