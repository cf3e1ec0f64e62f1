package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import org.junit.jupiter.api.Test;

/**
 * The Exit column shows only while a service has an exit code, so it appears when one exits, its cells made and laid
 * out before their first CSS pass. JavaFX's row skin then set them top-aligned for good (RT-32700), and the code was
 * drawn a line above the row's other texts. Its text now sits on the same baseline as its neighbours'.
 */
class ExitColumnWindowTest extends WindowTest {

    /** The worker exits with 3 two seconds after it starts; its policy restarts it ten minutes later. */
    @Override
    String app() {
        return RestartingWindowTest.APP;
    }

    @Test
    void anExitCodeThatMakesItsColumnAppearIsDrawnLevelWithItsRow() {
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2));
        assertThat(fx(() -> cellOf("worker", "exitColumn"))).as("no exit code yet: no Exit column").isNull();
        harness.client.startServiceJob("app", "web", Action.START);
        harness.client.startServiceJob("app", "worker", Action.START);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .anyMatch(s -> s.name().equals("worker") && s.status() == ServiceStatus.RESTARTING)));

        await().atMost(WAIT).until(() -> fx(() -> textBaseline(cellOf("worker", "exitColumn")) != null));
        assertThat(fx(() -> cellOf("worker", "exitColumn").getAlignment())).isNotEqualTo(Pos.TOP_LEFT);
        assertThat(fx(() -> textBaseline(cellOf("worker", "exitColumn")))).as("the code, on the service name's baseline")
                .isEqualTo(fx(() -> textBaseline(cellOf("worker", "nameColumn"))));
    }

    /** The cell of {@code column} in {@code service}'s row of the services table, if that column shows. */
    private TableCell<?, ?> cellOf(String service, String column) {
        return harness.robot.lookup(".services-pane .table-cell").queryAll().stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> column.equals(c.getTableColumn().getId()) && c.getTableColumn().isVisible() && !c.isEmpty()
                        && c.getParent() instanceof TableRow<?> row && row.getItem() instanceof Service s && s.name().equals(service))
                .findFirst().orElse(null);
    }

    /** Where the cell's text is drawn in its row (its baseline), or null before it has any. */
    private static Double textBaseline(TableCell<?, ?> cell) {
        if (cell == null) {
            return null;
        }
        Node text = cell.lookup(".text");
        return text == null ? null : cell.getLayoutY() + text.getLayoutY();
    }
}
