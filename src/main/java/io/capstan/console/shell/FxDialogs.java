package io.capstan.console.shell;

import io.capstan.console.common.Dialogs;
import io.capstan.console.fx.DialogButtons;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** {@link Dialogs} as JavaFX alerts, owned by the main window so they centre on it. */
public final class FxDialogs implements Dialogs {

    private final Supplier<Window> owner;

    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String header, String body, String confirmLabel) {
        return confirm(title, header, body, confirmLabel, null).confirmed();
    }

    @Override
    public Answer confirm(String title, String header, String body, String confirmLabel, String dontAskAgain) {
        ButtonType confirm = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, body, confirm, cancel);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.getDialogPane().setId("confirm-dialog");
        DialogButtons.whole(alert.getDialogPane());
        // Cancel is the default: Enter on a disruptive question must not take the project down.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        CheckBox optOut = null;
        if (dontAskAgain != null) {
            optOut = new CheckBox(dontAskAgain);
            optOut.setId("dont-ask-again");
            Label text = new Label(body);
            text.setWrapText(true);
            alert.getDialogPane().setContent(new VBox(12, text, optOut));
        }
        boolean confirmed = alert.showAndWait().filter(confirm::equals).isPresent();
        return new Answer(confirmed, optOut != null && optOut.isSelected());
    }

    @Override
    public void error(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("error-dialog");
        DialogButtons.whole(alert.getDialogPane());
        alert.show();
    }
}
