package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Names;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment folder named against the rule, in the real window against a running agent: it is in the tree, selecting
 * it shows the agent's error with the rule, the toolbar names it, and no action is offered on it (decision record 139).
 */
class InvalidFolderNameWindowTest {
    private static final String APP = """
            services:
              web:
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
                stopTimeout: 3s
            """;

    @TempDir
    Path tmp;

    private ConsoleHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    @Test
    void theFolderIsListedSaysWhatIsWrongAndOffersNoAction() throws Exception {
        harness = new ConsoleHarness(RealAgent.in(tmp).deployment("app", APP).deployment("My App", APP).start(), tmp, null);

        harness.clickLabelled("deployment-name", "My App");

        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".deployment-error").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((Label) n).getText().contains(Names.RULE))));
        String error = fx(() -> harness.robot.lookup(".deployment-error").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).findFirst().orElseThrow());
        assertThat(error).contains("the folder 'My App' is not a valid deployment name", "e.g. to 'my-app'");
        assertThat(fx(() -> ((Label) harness.robot.lookup("#targetLabel").query()).getText())).contains("My App");
        for (String button : new String[] {"#startButton", "#stopButton", "#restartButton", "#rebuildButton"}) {
            assertThat(fx(() -> ((Button) harness.robot.lookup(button).query()).isDisabled())).as(button).isTrue();
        }

        // The valid deployment beside it is served as ever.
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 1));
    }
}
