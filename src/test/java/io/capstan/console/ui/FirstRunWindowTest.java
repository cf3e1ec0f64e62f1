package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.store.AgentStore;
import io.capstan.console.Console;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.agents.EmbeddedAgent;
import io.capstan.console.deployments.DeploymentsViewModel;
import io.capstan.console.deployments.TreeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import javafx.collections.ListChangeListener;
import io.capstan.console.shell.StartShell;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** With nothing configured, the console runs its own agent over the demo set and shows it, live, as "This computer". */
class FirstRunWindowTest {

    @TempDir
    Path tmp;

    private Console console;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.setupFixture(() -> console.close());
        FxToolkit.cleanupStages();
    }

    @Test
    void showsTheDemoDeploymentsOfThisComputerLive() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("console.properties"), "window.x=0\nwindow.y=0\nwindow.width=1100\nwindow.height=680\n");
        Path demo = tmp.resolve("data").resolve("demo");
        Stage stage = FxToolkit.registerPrimaryStage();
        boolean[] placeholder = new boolean[1];
        List<Boolean> demoAtFirstFrame = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> shellAtFirstFrame = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<AgentStore.Snapshot> firstShown = new java.util.concurrent.CopyOnWriteArrayList<>();
        FxToolkit.setupFixture(() -> {
            console = new Console(new Console.Options(config, null, demo, tmp.resolve("data").resolve("agent"), null));
            // The first snapshot with deployments that reaches the window, recorded on the FX thread as it arrives.
            console.fleet().agents().addListener((ListChangeListener<AgentConnection>) change -> {
                while (change.next()) {
                    change.getAddedSubList().forEach(agent -> agent.snapshotProperty().addListener((obs, old, now) -> {
                        if (firstShown.isEmpty() && !now.deployments().isEmpty()) {
                            firstShown.add(now);
                        }
                    }));
                }
            });
            console.show(stage);
            // Still on the FX thread that showed the window, so the agent cannot have been added yet.
            Node label = stage.getScene().lookup("#" + StartShell.LABEL_ID);
            placeholder[0] = label instanceof Labeled shell && shell.isVisible() && console.fleet().agents().isEmpty()
                    && "Starting the local agent…".equals(shell.getText());
            // The first frame is laid out and drawn in this pulse: the light shell only, no menus or tables yet
            // (decision record 124). The agent's start must not have begun: it would compete with the window's start
            // for the cores (decision record 54). Its first step creates the demo folder, which beside the window (as
            // before) took milliseconds, against the hundreds the first layout takes.
            recordAtFirstPulse(stage.getScene(), () -> Files.exists(demo), demoAtFirstFrame);
            recordAtFirstPulse(stage.getScene(), () -> console.view() == null
                    && stage.getScene().lookup(".menu-bar") == null && stage.getScene().lookup(".tree-view") == null, shellAtFirstFrame);
        });
        assertThat(placeholder[0]).as("the window shows at once, saying the local agent is starting").isTrue();
        await().atMost(Duration.ofSeconds(40)).until(() -> !demoAtFirstFrame.isEmpty() && !shellAtFirstFrame.isEmpty());
        assertThat(demoAtFirstFrame).as("the agent starts after the first frame, not beside it").containsExactly(false);
        assertThat(shellAtFirstFrame).as("the first frame is the light shell; the main view comes after it").containsExactly(true);
        ConsoleHarness.awaitBuilt(console);
        assertThat(fx(() -> stage.getScene().lookup("#" + StartShell.LABEL_ID))).as("the shell gave way to the main view").isNull();
        assertThat(fx(() -> stage.getScene().lookup(".menu-bar"))).as("menus").isNotNull();

        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> shown(console.deployments())),
                rows -> rows.containsAll(List.of("This computer", "This computer/analytics", "This computer/shop")));
        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> console.deployments().treeProperty().get().get(0).agent()
                .status().text()), "live"::equals);
        assertThat(fx(() -> stage.getScene().lookup("#startingLabel").isVisible())).as("placeholder gone").isFalse();
        // The local agent's row, selected while it came up, gave way to its first deployment: services show at once.
        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> console.deployments().targetProperty().get() == null ? null
                : console.deployments().targetProperty().get().deployment().name()), "analytics"::equals);
        assertThat(fx(() -> console.deployments().services())).as("its services, not \"Select a deployment\"").isNotEmpty();
        assertThat(demo.resolve("shop").resolve("capstan.yaml")).as("demo copied to the data folder").isRegularFile();
        assertThat(fx(() -> console.fleet().agents().get(0).embedded())).isTrue();
        assertThat(fx(() -> console.fleet().agents().get(0).endpoint().baseUrl())).startsWith("http://127.0.0.1:");
        assertThat(config.resolve("connections.json")).as("the embedded agent is not saved as a connection").doesNotExist();
        assertThat(fx(() -> console.fleet().agents().get(0).name())).isEqualTo(EmbeddedAgent.NAME);

        // The demo services start only after the window has shown their deployments (decision record 53)...
        assertThat(firstShown).singleElement().satisfies(first -> {
            assertThat(first.jobs()).as("no autostart job before the first list is shown").isEmpty();
            assertThat(first.deployments()).flatExtracting(Deployment::services).extracting(Service::status)
                    .containsOnly(ServiceStatus.STOPPED);
        });
        // ...and then they do start, without anyone asking.
        await().atMost(Duration.ofSeconds(60)).until(() -> fx(() -> console.fleet().agents().get(0).snapshot().deployments()
                .stream().filter(d -> d.name().equals("shop")).flatMap(d -> d.services().stream())
                .allMatch(s -> s.status() == ServiceStatus.RUNNING)));
    }

    /** Records {@code probe} after the layout of the scene's next pulse: the one that draws the first frame. */
    private static void recordAtFirstPulse(javafx.scene.Scene scene, java.util.function.BooleanSupplier probe, List<Boolean> into) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            into.add(probe.getAsBoolean());
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private static List<String> shown(DeploymentsViewModel model) {
        return model.treeProperty().get().stream().flatMap(tree -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(tree.agent().key()), tree.deployments().stream().map(TreeRow::key))).toList();
    }
}
