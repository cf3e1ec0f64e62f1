package io.capstan.console.shell;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * What the window shows in its first frame, before the main view is built (issue 12, decision record 124): one
 * label saying what the console is waiting for, where the tree's own "Starting the local agent…" appears a moment
 * later. Only a {@link Label}, a control the empty JavaFX window loads too: the menus, toolbar, tables and their
 * skins (about a second of the FX thread) come on the next pulse.
 */
public final class StartShell {

    /** The label's id, for tests. */
    public static final String LABEL_ID = "startShellLabel";

    private StartShell() {
    }

    /** @param localAgent true when the console is about to start its local agent (a first run) */
    public static Parent create(boolean localAgent) {
        Label label = new Label(localAgent ? "Starting the local agent…" : "Connecting to your agents…");
        label.setId(LABEL_ID);
        label.getStyleClass().add("placeholder");
        label.setPadding(new Insets(10, 12, 10, 12));
        StackPane root = new StackPane(label);
        StackPane.setAlignment(label, Pos.TOP_LEFT);
        root.getStyleClass().add("capstan-main");
        return root;
    }
}
