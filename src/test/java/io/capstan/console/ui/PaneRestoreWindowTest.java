package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.BusyException;
import io.capstan.console.Console;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.agents.EmbeddedAgent;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Every pane open when the console closed comes back at the next start, the embedded agent's too once it is up
 * (they were skipped, with a NullPointerException in ServiceLogStream, because the agent was listed before its
 * session started).
 */
class PaneRestoreWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Console console;
    private Stage stage;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.setupFixture(() -> console.close());
        FxToolkit.cleanupStages();
    }

    private void open(Path config) throws Exception {
        FxToolkit.setupFixture(() -> {
            console = new Console(new Console.Options(config, null, tmp.resolve("data").resolve("demo"),
                    tmp.resolve("data").resolve("agent"), null));
            console.show(stage);
        });
        ConsoleHarness.awaitBuilt(console);
    }

    private AgentConnection awaitLocalAgentLive() {
        await().atMost(WAIT).until(() -> fx(() -> console.fleet().find(EmbeddedAgent.NAME)
                .map(agent -> agent.stateProperty().get() instanceof io.capstan.client.sse.StreamState.Live).orElse(false)));
        return fx(() -> console.fleet().find(EmbeddedAgent.NAME).orElseThrow());
    }

    /** A job of the local agent: a new one, or the one already holding the service (the demo may be starting it). */
    private static Job anyJob(AgentConnection local) {
        try {
            return local.client().startServiceJob("analytics", "ingest", Action.RESTART);
        } catch (BusyException busy) {
            return local.client().job(busy.holderJobId());
        }
    }

    @Test
    void theEmbeddedAgentsPanesComeBackAfterARestart() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("console.properties"), "window.x=0\nwindow.y=0\nwindow.width=1100\nwindow.height=680\n");
        stage = FxToolkit.registerPrimaryStage();
        open(config);
        AgentConnection local = awaitLocalAgentLive();
        Job job = anyJob(local);
        String jobKey = LogPaneFactory.jobKey(local, job.id());
        String serviceKey = LogPaneFactory.serviceKey(local, "shop", "web");
        fx(() -> {
            console.view().dock().openJob(local, job);
            console.view().dock().openService(local, "shop", "web");
            return null;
        });

        FxToolkit.setupFixture(() -> console.close());
        assertThat(Files.readString(config.resolve("console.properties"))).contains("This computer/job/" + job.id())
                .contains("This computer/service/shop/web");
        open(config);

        awaitLocalAgentLive();
        await().atMost(WAIT).until(() -> fx(() -> console.view().dock().isOpen(serviceKey) && console.view().dock().isOpen(jobKey)));
    }

    @Test
    void panesWaitingForAnAgentThatNeverCameAreKeptForNextTime() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("console.properties"), "window.x=0\nwindow.y=0\nwindow.width=1100\nwindow.height=680\n"
                + "panes=This computer/service/shop/web\n");
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            console = new Console(new Console.Options(config, false, null, null, null));
            console.show(stage);
        });
        ConsoleHarness.awaitBuilt(console);

        FxToolkit.setupFixture(() -> console.close());

        assertThat(Files.readString(config.resolve("console.properties"))).contains("panes=This computer/service/shop/web");
    }
}
