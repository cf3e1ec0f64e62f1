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

        robot.clickOn(harness.labelled("hyperlink", "fix token…"));
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
}
