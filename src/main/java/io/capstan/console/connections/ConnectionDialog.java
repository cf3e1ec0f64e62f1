package io.capstan.console.connections;

import io.capstan.client.AgentEndpoint;
import java.util.Optional;
import javafx.scene.Node;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/** The add / edit connection dialog: a thin view over {@link ConnectionEditorViewModel}. */
public final class ConnectionDialog {

    private static final double MESSAGE_WIDTH = 420;

    private ConnectionDialog() {
    }

    /** Shows the dialog; returns the endpoint when the user saved a valid one. */
    public static Optional<AgentEndpoint> show(Window owner, String title, ConnectionEditorViewModel model) {
        Dialog<AgentEndpoint> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.getDialogPane().setId("connection-dialog");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);

        TextField name = new TextField();
        name.setId("connection-name");
        name.setPromptText("e.g. prod-eu-1");
        name.textProperty().bindBidirectional(model.nameProperty());
        TextField url = new TextField();
        url.setId("connection-url");
        url.setPromptText("http://127.0.0.1:7417");
        url.textProperty().bindBidirectional(model.urlProperty());
        PasswordField token = new PasswordField();
        token.setId("connection-token");
        token.setPromptText("the agent's token (from its token file)");
        token.textProperty().bindBidirectional(model.tokenProperty());

        TextField ssh = new TextField();
        ssh.setId("connection-ssh");
        ssh.setPromptText("optional: [user@]host[:port] to tunnel through with ssh");
        ssh.textProperty().bindBidirectional(model.sshProperty());
        CheckBox insecure = new CheckBox("Plain HTTP to another host on purpose (the token travels in clear text)");
        insecure.setId("connection-insecure");
        insecure.selectedProperty().bindBidirectional(model.insecureProperty());

        Button test = new Button("Test connection");
        test.setId("connection-test");
        test.disableProperty().bind(model.validProperty().not().or(model.testingProperty()));
        test.setOnAction(event -> model.testConnection());
        Label result = new Label();
        result.setId("connection-result");
        result.setWrapText(true);
        result.textProperty().bind(model.testResultProperty());
        model.testOkProperty().addListener((obs, old, ok) -> result.getStyleClass().setAll("label", ok ? "test-ok" : "test-failed"));
        Button trust = new Button();
        trust.setId("connection-trust");
        trust.textProperty().bind(Bindings.when(model.changedCertificateProperty())
                .then("Accept the new certificate").otherwise("Trust this certificate"));
        trust.visibleProperty().bind(model.untrustedProperty().isNotNull());
        trust.managedProperty().bind(trust.visibleProperty());
        trust.setOnAction(event -> model.trustCertificate());
        model.changedCertificateProperty().addListener((obs, old, changed) -> {
            if (changed) {
                result.getStyleClass().setAll("label", "test-failed", "certificate-changed");
            }
        });
        Label pinned = new Label();
        pinned.setId("connection-pin");
        pinned.setWrapText(true);
        pinned.textProperty().bind(Bindings.when(model.pinProperty().isEmpty()).then("")
                .otherwise(Bindings.concat("Trusted certificate: SHA-256 ", model.pinProperty())));
        Label problem = new Label();
        problem.setId("connection-problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problemProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("URL"), url);
        grid.addRow(2, new Label("Token"), token);
        grid.addRow(3, new Label("SSH"), ssh);
        grid.add(insecure, 1, 4);
        grid.add(test, 1, 5);
        grid.add(result, 1, 6);
        grid.add(trust, 1, 7);
        grid.add(pinned, 1, 8);
        grid.add(problem, 1, 9);
        GridPane.setHgrow(name, Priority.ALWAYS);
        // Long messages wrap onto more lines below the fields; they never squeeze the labels to "N..." or run off.
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, fields);
        // Every long text, the check box's too (it read "Plain HTTP to another host on purpose (the token travel...").
        insecure.setWrapText(true);
        for (javafx.scene.control.Labeled message : new javafx.scene.control.Labeled[] {result, problem, pinned, insecure}) {
            message.setPrefWidth(MESSAGE_WIDTH);
            message.setMinHeight(Region.USE_PREF_SIZE);
        }
        grid.setPrefWidth(520);
        dialog.getDialogPane().setContent(grid);

        // A certificate's details or a changed-certificate warning take several lines: the dialog grows to show them
        // (and the button under them) instead of cutting them off at its first size.
        Runnable fit = () -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        };
        result.textProperty().addListener((obs, old, now) -> fit.run());
        trust.visibleProperty().addListener((obs, old, now) -> fit.run());

        io.capstan.console.fx.DialogButtons.whole(dialog.getDialogPane());
        Node saveButton = dialog.getDialogPane().lookupButton(save);
        saveButton.disableProperty().bind(model.validProperty().not());
        dialog.setResultConverter(button -> button == save ? model.result() : null);
        name.requestFocus();
        return dialog.showAndWait();
    }
}
