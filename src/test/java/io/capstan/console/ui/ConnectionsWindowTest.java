package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** A wrong token is shown as such, and fixed from the status bar without restarting anything. */
class ConnectionsWindowTest {

    @TempDir
    Path tmp;

    private ConsoleHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void aRefusedTokenSaysSoAndIsFixedFromTheStatusBar() throws Exception {
        harness = new ConsoleHarness(tmp, ConsoleWindowTest.APP, "wrong-token-wrong-token-wrong");
        FxRobot robot = harness.robot;
        harness.labelled("badge", "authentication failed");

        harness.clickLabelled("hyperlink", "fix token…");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connection-dialog").tryQuery().isPresent()));
        PasswordField token = fx(() -> (PasswordField) robot.lookup("#connection-token").query());
        robot.doubleClickOn(token);
        fx(() -> {
            token.setText(harness.agent.token());
            return null;
        });
        robot.clickOn(fx(() -> (Node) robot.lookup("#connection-test").query()));
        Label result = fx(() -> (Label) robot.lookup("#connection-result").query());
        await().atMost(WAIT).until(() -> fx(result::getText).startsWith("Connected:"));
        assertThat(fx(result::getText)).contains("1 deployment");
        robot.clickOn(fx(() -> (Node) robot.from(robot.lookup("#connection-dialog").<Node>query()).lookup("Save").query()));

        harness.labelled("badge", "live");
        harness.labelled("deployment-name", "app");
        Path saved = tmp.resolve("config").resolve("connections.json");
        assertThat(new SavedConnections(saved).load()).extracting(AgentEndpoint::token).containsExactly(harness.agent.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
    }

    @Test
    void longMessagesInTheConnectionDialogWrapInsteadOfSqueezingTheLabels() throws Exception {
        harness = new ConsoleHarness(tmp, ConsoleWindowTest.APP, null);
        FxRobot robot = harness.robot;
        harness.labelled("badge", "live");
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.N);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connection-dialog").tryQuery().isPresent()));
        String host = "a".repeat(50) + "." + "b".repeat(50) + "." + "c".repeat(50) + ".invalid";
        fx(() -> {
            ((javafx.scene.control.TextField) robot.lookup("#connection-name").query()).setText("far");
            ((javafx.scene.control.TextField) robot.lookup("#connection-url").query()).setText("http://" + host + ":7417");
            ((PasswordField) robot.lookup("#connection-token").query()).setText("t".repeat(32));
            return null;
        });
        robot.clickOn(fx(() -> (Node) robot.lookup("#connection-test").query()));
        Label result = fx(() -> (Label) robot.lookup("#connection-result").query());
        await().atMost(WAIT).until(() -> fx(result::getText).contains(host));

        Node dialog = fx(() -> robot.lookup("#connection-dialog").query());
        await().atMost(WAIT).until(() -> fx(() -> shown(result).equals(result.getText())));
        fx(() -> {
            for (Node node : robot.from(dialog).lookup(".label").queryAll()) {
                Label label = (Label) node;
                if (List.of("Name", "URL", "Token").contains(label.getText())) {
                    assertThat(shown(label)).as("label not squeezed").isEqualTo(label.getText());
                }
            }
            // Every other text too: the check box wraps ("Plain HTTP ... (the token travel..." was cut), the buttons
            // keep their labels' width.
            for (String kind : List.of(".check-box", ".button")) {
                for (Node node : robot.from(dialog).lookup(kind).queryAll()) {
                    javafx.scene.control.Labeled labeled = (javafx.scene.control.Labeled) node;
                    if (labeled.isVisible() && labeled.getText() != null && !labeled.getText().isEmpty()) {
                        assertThat(shown(labeled)).as(kind + " shown whole").isEqualTo(labeled.getText());
                    }
                }
            }
            javafx.geometry.Bounds box = dialog.localToScene(dialog.getBoundsInLocal());
            assertThat(result.localToScene(result.getBoundsInLocal()).getMaxX()).as("the message stays inside the dialog")
                    .isLessThanOrEqualTo(box.getMaxX());
            assertThat(result.getHeight()).as("wrapped onto several lines").isGreaterThan(result.getFont().getSize() * 2);
            return null;
        });
        robot.push(javafx.scene.input.KeyCode.ESCAPE);
    }

    /** The text a label shows: all of it, or cut with an ellipsis. */
    private static String shown(javafx.scene.control.Labeled label) {
        StringBuilder text = new StringBuilder();
        label.lookupAll(".text").stream().filter(javafx.scene.text.Text.class::isInstance)
                .forEach(node -> text.append(((javafx.scene.text.Text) node).getText()));
        return text.toString().replace("\n", "").isEmpty() ? label.getText() : text.toString().replace("\n", "");
    }
}
