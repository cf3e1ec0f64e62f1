package io.capstan.console.deployments;

import io.capstan.protocol.Action;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** Each action's shortcut, the same in the Actions menu and in every context menu that offers the action. */
public final class ActionKeys {

    private ActionKeys() {
    }

    public static KeyCombination of(Action action) {
        KeyCode key = switch (action) {
            case START -> KeyCode.U;
            case STOP -> KeyCode.X;
            case RESTART -> KeyCode.R;
            case REBUILD -> KeyCode.B;
        };
        return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }
}
