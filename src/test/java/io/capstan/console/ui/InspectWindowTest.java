package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * Resources and the detail view in the real window against a real agent: a service that burns CPU shows moving figures
 * and a sparkline in the services table; Ctrl+I opens its detail window with the command, the environment (the secret
 * masked until revealed), and CPU and memory charts that fill as samples come; Esc closes it.
 */
class InspectWindowTest extends WindowTest {

    static final String APP = """
            services:
              busy:
                command: ["${java}", "-Xmx200m", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "busy",
                          "--burn-cpu", "0.5", "--hold-mb", "64", "--rate", "1"]
                env: {API_TOKEN: "s3cret-value", MODE: "demo"}
                stopTimeout: 3s
            """;

    @Override
    String app() {
        return APP;
    }

    private void startAndShow() {
        Job job = harness.client.startServiceJob("app", "busy", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 1));
    }

    @Test
    void theServicesRowShowsFiguresAndASparkline() {
        startAndShow();
        // The figures reach the row without opening anything: "4242 ╱╲ 12% · 140 MB" (the first sample may not
        // know the CPU yet: "– · 43 MB").
        await().atMost(WAIT).until(() -> fx(() -> figures().matches("(\\d+(\\.\\d)?%|–) · \\d+ MB")));
        assertThat(fx(() -> harness.robot.lookup(".services-pane .sparkline").queryAll().stream().anyMatch(Node::isVisible)))
                .as("a sparkline in the row").isTrue();
    }

    @Test
    void ctrlIOpensTheDetailWithTheSecretMaskedUntilRevealedAndChartsThatFill() throws Exception {
        startAndShow();
        // The service's row (the tree's deployment badge also reads "running").
        harness.robot.clickOn(fx(() -> harness.robot.lookup(".services-pane .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getItem() != null).findFirst().orElseThrow()));
        harness.robot.press(KeyCode.CONTROL).press(KeyCode.I).release(KeyCode.I).release(KeyCode.CONTROL);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.inspectors().windows().size() == 1));
        Stage detail = fx(() -> harness.console.inspectors().windows().get(0));
        assertThat(fx(detail::getTitle)).isEqualTo("busy of app on lab — Capstan");

        await().atMost(WAIT).until(() -> fx(() -> text(detail, ".detail-value").contains("pid ")));
        assertThat(fx(() -> text(detail, ".detail-value"))).as("where it is defined, with its line")
                .contains(harness.root.resolve("app").resolve("capstan.yaml") + ":2");
        assertThat(fx(() -> ((javafx.scene.control.TextField) detail.getScene().lookup(".detail-command")).getText()))
                .contains("io.capstan.demo.DemoService --name busy --burn-cpu 0.5");
        assertThat(fx(() -> env(detail))).containsExactly("API_TOKEN=••••••••", "MODE=demo");
        fx(() -> {
            ((ToggleButton) detail.getScene().lookup(".reveal-secrets")).fire();
            return null;
        });
        assertThat(fx(() -> env(detail))).containsExactly("API_TOKEN=s3cret-value", "MODE=demo");

        // The charts fill as samples come (the CPU figures moving is ResourceSamplingTest's, where nothing else runs).
        await().atMost(WAIT).until(() -> fx(() -> points(detail, ".memory-chart").size() >= 2));
        // MB resident: the 64 MB held and the JVM.
        await().atMost(WAIT).until(() -> fx(() -> points(detail, ".memory-chart").stream().anyMatch(mb -> mb > 64)));

        // Esc closes it.
        fx(() -> {
            detail.getScene().getRoot().requestFocus();
            return null;
        });
        harness.robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.inspectors().windows().isEmpty()));
    }

    private String figures() {
        return harness.robot.lookup(".services-pane .resource-figures").queryAll().stream()
                .filter(Node::isVisible).map(n -> ((Labeled) n).getText()).findFirst().orElse("");
    }

    private static String text(Stage stage, String style) {
        return String.join("\n", stage.getScene().getRoot().lookupAll(style).stream().map(n -> ((Labeled) n).getText()).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> env(Stage stage) {
        TableView<io.capstan.console.inspect.ServiceDetailViewModel.EnvRow> table =
                (TableView<io.capstan.console.inspect.ServiceDetailViewModel.EnvRow>) stage.getScene().lookup(".detail-env");
        return table.getItems().stream().map(r -> r.name() + "=" + r.shown()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Double> points(Stage stage, String chart) {
        XYChart<Number, Number> c = (XYChart<Number, Number>) stage.getScene().lookup(chart);
        return c.getData().get(0).getData().stream().map(d -> d.getYValue().doubleValue()).toList();
    }
}
