package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.Console;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.logs.LogPane;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Takes the README's screenshots from the real console on its first run (embedded demo agent): the main window with
 * a rebuild's log, a detached live log window, and the dark theme. Tagged so the normal run leaves it out; run it with
 * {@code scripts/screenshots.sh}, which uses a real window under Xvfb.
 */
@Tag("screenshots")
class ScreenshotsTest {

    /**
     * How long one step may take: a bound that only a hang reaches, not an estimate. On a loaded 2-core machine the demo
     * agent's start, its health checks and the 9-step rebuild each took minutes, and the steps together ran past the
     * global 120 s test timeout (see {@link #TOTAL}), so the run failed though nothing was wrong.
     */
    private static final Duration WAIT = Duration.ofMinutes(5);
    /** The whole run's bound, instead of the suite's 120 s per test: it waits on a demo agent, a rebuild and its charts. */
    private static final long TOTAL = 20;

    @TempDir
    Path tmp;

    private Console console;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.setupFixture(() -> console.close());
        FxToolkit.cleanupStages();
    }

    @Test
    @Timeout(value = TOTAL, unit = TimeUnit.MINUTES)
    void mainWindowAndDetachedLogWindow() throws Exception {
        Path out = Files.createDirectories(Path.of(System.getProperty("capstan.screenshots", "assets")));
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("console.properties"), "window.x=0\nwindow.y=0\nwindow.width=1360\nwindow.height=820\n");
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            console = new Console(new Console.Options(config, true, tmp.resolve("demo"), tmp.resolve("agent"), null));
            console.show(stage);
        });
        ConsoleHarness.awaitBuilt(console);
        await().atMost(WAIT).until(() -> fx(() -> !console.fleet().agents().isEmpty()
                && console.fleet().agents().get(0).snapshot() != null
                && console.fleet().agents().get(0).snapshot().deployments().size() >= 2));
        AgentConnection agent = fx(() -> console.fleet().agents().get(0));
        fx(() -> {
            console.deployments().selectedKeyProperty().set(agent.name() + "/shop");
            return null;
        });
        // Let the demo services warm up and print for a while, so the rows and the service log look lived in.
        await().atMost(WAIT).until(() -> fx(() -> console.deployments().services().stream()
                .filter(s -> s.status() == io.capstan.protocol.ServiceStatus.RUNNING).count() >= 2));
        // The demo's own start jobs (one per service, each waiting for its health) must be over, or the rebuild is
        // refused as busy.
        await().atMost(WAIT).until(() -> fx(() -> agent.snapshot().deployments().stream()
                .filter(d -> d.name().equals("shop"))
                .allMatch(d -> d.activeJob() == null && d.services().stream().allMatch(s -> s.activeJob() == null))));
        fx(() -> {
            console.view().dock().openService(agent, "shop", "web");
            return null;
        });
        Job rebuild = agent.perform(Action.REBUILD, "shop", null);
        fx(() -> {
            console.view().dock().openJob(agent, rebuild);
            return null;
        });
        String key = LogPaneFactory.jobKey(agent, rebuild.id());
        LogPane pane = fx(() -> (LogPane) console.view().dock().pane(key).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().heldCount()) > 45);

        shoot(stage.getScene(), out.resolve("console.png"));
        // The same scene at common smaller sizes, for looking at (not for the README): clipped badges and cut
        // columns show here first.
        Path sizes = Files.createDirectories(Path.of("target", "layout-shots"));
        for (int[] size : new int[][] {{1024, 700}, {1280, 800}}) {
            fx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                return null;
            });
            // Under X the scene takes its new size when the server says so, not at once.
            await().atMost(WAIT).until(() -> fx(() -> stage.getScene().getWidth() <= size[0] + 1));
            shoot(stage.getScene(), sizes.resolve("console-" + size[0] + "x" + size[1] + ".png"));
        }
        fx(() -> {
            stage.setWidth(1360);
            stage.setHeight(820);
            return null;
        });

        Stage window = fx(() -> console.view().dock().detachSelected());
        fx(() -> {
            window.setWidth(980);
            window.setHeight(600);
            pane.model().queryProperty().set("step");
            return null;
        });
        // Waits for the rebuild to end, not for it to succeed: a rebuild that fails (a health check that timed out
        // under load) fails here at once, saying why, instead of waiting out the bound.
        await().atMost(WAIT).until(() -> agent.client().job(rebuild.id()).status().isTerminal());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().job().status().isTerminal()));
        assertThat(fx(() -> pane.model().statusProperty().get())).as("the rebuild's result, last lines: "
                + fx(() -> pane.model().text(pane.model().shown().subList(Math.max(0, pane.model().shown().size() - 8),
                pane.model().shown().size()))))
                .isEqualTo("succeeded");
        shoot(window.getScene(), out.resolve("log-window.png"));
        fx(() -> {
            window.close();
            console.view().darkItem().setSelected(true);
            return null;
        });
        shoot(stage.getScene(), out.resolve("console-dark.png"));
        fx(() -> {
            console.view().darkItem().setSelected(false);
            console.inspectors().inspect(agent, "shop", "web");
            return null;
        });
        // A few polls, so the charts show a line rather than a dot.
        Stage detail = fx(() -> console.inspectors().windows().get(0));
        await().atMost(WAIT).until(() -> fx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.chart.XYChart<Number, Number> cpu =
                    (javafx.scene.chart.XYChart<Number, Number>) detail.getScene().lookup(".cpu-chart");
            return cpu.getData().get(0).getData().size() >= 4;
        }));
        shoot(detail.getScene(), out.resolve("service-detail.png"));
        fx(() -> {
            detail.close();
            console.view().dock().openDeployment(agent, "shop");
            return null;
        });
        LogPane merged = fx(() -> (LogPane) console.view().dock().pane(LogPaneFactory.deploymentKey(agent, "shop"))
                .orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> merged.model().heldCount()) > 30);
        Stage mergedWindow = fx(() -> console.view().dock().detachSelected());
        fx(() -> {
            mergedWindow.setWidth(980);
            mergedWindow.setHeight(600);
            return null;
        });
        shoot(mergedWindow.getScene(), out.resolve("deployment-log.png"));
    }

    /** Renders the scene as the user sees it and writes it as a PNG (no AWT window needed). */
    private static void shoot(Scene scene, Path file) throws Exception {
        // Two pulses' worth of waiting for layout and CSS, then a snapshot on the FX thread.
        fx(() -> null);
        fx(() -> null);
        WritableImage image = fx(() -> scene.snapshot(null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        buffered.setRGB(0, 0, width, height, argb, 0, width);
        assertThat(ImageIO.write(buffered, "png", file.toFile())).isTrue();
    }
}
