package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.protocol.Action;
import io.capstan.protocol.ServiceStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;

/**
 * The pane's own view of unwrapped rows (decision record 100) in the real window, over a real service that prints
 * ANSI colours and very long lines: the row nodes stay and only their text changes on scroll, and selection, copy,
 * search highlights, colours, the wheel, paging and sideways scrolling all work in it; wrapping goes to Flowless and
 * back.
 */
class LogRowsWindowTest extends WindowTest {

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    @Override
    String app() {
        return LayoutWindowTest.APP;
    }

    private LogPane openChattyLog() {
        harness.client.startServiceJob("app", "chatty", Action.START);
        await().atMost(WAIT).until(() -> harness.client.deployment("app").deployment().services().stream()
                .anyMatch(s -> s.name().equals("chatty") && s.status() == ServiceStatus.RUNNING));
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "chatty");
            return null;
        });
        String key = LogPaneFactory.serviceKey(lab, "app", "chatty");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());
        // Enough rows for several screens, the coloured "ready" line among them.
        await().atMost(WAIT).until(() -> fx(() -> pane.model().shown().size() > 120));
        return pane;
    }

    /** Home on the pane's lines: follow off, the first row at the top. */
    private void toTop(LogPane pane) {
        fx(() -> {
            pane.focusLines();
            return null;
        });
        harness.robot.push(KeyCode.HOME);
        await().atMost(WAIT).until(() -> Objects.equals(first(pane), fx(() -> pane.model().shown().get(0))));
        awaitDrawn(pane);
    }

    /** Waits until the row labels show the rows the view says are on screen (a layout has run since it moved). */
    private static void awaitDrawn(LogPane pane) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<Label> labels = rowLabels(pane);
            List<LogEntry> visible = fx(() -> pane.view().visibleRows());
            assertThat(labels).hasSizeGreaterThanOrEqualTo(visible.size());
            for (int i = 0; i < visible.size(); i++) {
                String row = visible.get(i).text();
                assertThat(String.join("", texts(labels.get(i)))).as("label %d shows its row", i).endsWith(row);
            }
        });
    }

    private static LogEntry first(LogPane pane) {
        return fx(() -> pane.view().visibleRows().get(0));
    }

    /** On the FX thread. */
    private static Node rowsNode(LogPane pane) {
        return pane.node().lookup(".log-rows");
    }

    /** The row labels on screen, top to bottom (they line up with {@code visibleRows()}); on the FX thread. */
    private static List<Label> labelsOnFx(LogPane pane) {
        return pane.node().lookupAll(".log-row").stream().filter(Node::isVisible).map(Label.class::cast)
                .sorted(Comparator.comparingDouble(Node::getLayoutY)).toList();
    }

    private static List<Label> rowLabels(LogPane pane) {
        return fx(() -> labelsOnFx(pane));
    }

    /** A point near the left end of a row label, on screen (a long row's centre is far off to the right). */
    private static Point2D leftOf(Label label) {
        return fx(() -> label.localToScreen(40 + Math.max(0, -label.getLayoutX()), label.getHeight() / 2));
    }

    private static List<String> texts(Label label) {
        return fx(() -> label.getGraphic() instanceof TextFlow flow
                ? flow.getChildren().stream().map(n -> ((Text) n).getText()).toList() : List.of(label.getText()));
    }

    @Test
    void unwrappedRowsKeepTheirNodesWhenScrolledAndWrappingSwitchesToTheFlowAndBack() {
        LogPane pane = openChattyLog();
        toTop(pane);
        assertThat(fx(() -> rowsNode(pane).getClass().getSimpleName())).isEqualTo("FixedRows");
        Set<Label> before = Set.copyOf(rowLabels(pane));
        LogEntry top = first(pane);

        harness.robot.push(KeyCode.PAGE_DOWN);
        await().atMost(WAIT).until(() -> !Objects.equals(first(pane), top));

        int fullRows = before.size() - 1;
        List<LogEntry> shown = fx(() -> List.copyOf(pane.model().shown()));
        assertThat(shown.indexOf(first(pane))).as("a page is a screenful less a row (%d rows on screen)", before.size())
                .isBetween(fullRows - 2, fullRows);
        awaitDrawn(pane);
        assertThat(Set.copyOf(rowLabels(pane))).as("the same row nodes, their text set in place").isEqualTo(before);
        harness.robot.push(KeyCode.PAGE_UP);
        await().atMost(WAIT).until(() -> Objects.equals(first(pane), top));

        LogEntry firstBefore = first(pane);
        fx(() -> {
            pane.model().wrapProperty().set(true);
            return null;
        });
        await().atMost(WAIT).until(() -> fx(() -> rowsNode(pane).getClass().getSimpleName()).equals("VirtualizedScrollPane"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.view().visibleRows())).as("wrapping keeps the top row")
                .first().isEqualTo(firstBefore));
        fx(() -> {
            pane.model().wrapProperty().set(false);
            return null;
        });
        await().atMost(WAIT).until(() -> fx(() -> rowsNode(pane).getClass().getSimpleName()).equals("FixedRows"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.view().visibleRows())).first().isEqualTo(firstBefore));
    }

    @Test
    void clickAndShiftClickSelectRowsAndCtrlCCopiesThem() {
        LogPane pane = openChattyLog();
        toTop(pane);
        List<Label> labels = rowLabels(pane);
        List<LogEntry> visible = fx(() -> pane.view().visibleRows());

        harness.robot.clickOn(leftOf(labels.get(1)));
        harness.robot.press(KeyCode.SHIFT).clickOn(leftOf(labels.get(4))).release(KeyCode.SHIFT);

        List<LogEntry> expected = visible.subList(1, 5);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.model().selectedRows())).isEqualTo(expected));
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> labelsOnFx(pane).stream()
                .map(l -> l.getPseudoClassStates().contains(SELECTED)).toList()))
                .as("rows 1 to 4 drawn selected").startsWith(false, true, true, true, true, false));
        harness.robot.push(KeyCode.CONTROL, KeyCode.C);
        String copied = fx(() -> pane.model().text(expected));
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(copied));
        assertThat(copied.lines().toList()).hasSize(4);
    }

    @Test
    void ansiColoursAndSearchHitsAreDrawnAsStyledSegments() {
        LogPane pane = openChattyLog();
        toTop(pane);
        // DemoService prints "<name>: ready" in green (ESC[32m) once it is up.
        await().atMost(WAIT).until(() -> fx(() -> pane.view().visibleRows().stream().anyMatch(r -> r.text().endsWith("on port 8080"))));
        int ready = fx(() -> pane.view().visibleRows().stream().map(LogEntry::text).toList())
                .indexOf(fx(() -> pane.view().visibleRows().stream().map(LogEntry::text).filter(t -> t.endsWith("on port 8080"))
                        .findFirst().orElseThrow()));
        Label readyLabel = rowLabels(pane).get(ready);
        assertThat(fx(() -> styledSegments(readyLabel, "ansi-green"))).as("the green stretch")
                .containsExactly(LayoutWindowTest.LONG_NAME + ": ready");

        TextField search = fx(() -> (TextField) harness.robot.from(pane.node()).lookup(".text-field").query());
        harness.robot.clickOn(search).write("HTTP/1.1");
        await().atMost(WAIT).until(() -> fx(() -> pane.model().matchCountProperty().get()) > 0);
        await().atMost(WAIT).untilAsserted(() -> {
            List<LogEntry> rows = fx(() -> pane.view().visibleRows());
            List<Label> labels = rowLabels(pane);
            // The search redraws every row, within the pane's pulse budget: rows not drawn yet are blank for a pulse.
            assertThat(labels).as("every row on screen drawn").hasSizeGreaterThanOrEqualTo(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                List<String> hits = fx(styledSegmentsOf(labels.get(i), "search-hit"));
                assertThat(hits).as("row %d: %s", i, rows.get(i).text())
                        .isEqualTo(rows.get(i).text().contains("HTTP/1.1") ? List.of("HTTP/1.1") : List.of());
            }
        });
    }

    private static java.util.concurrent.Callable<List<String>> styledSegmentsOf(Label label, String style) {
        return () -> styledSegments(label, style);
    }

    private static List<String> styledSegments(Label label, String style) {
        if (!(label.getGraphic() instanceof TextFlow flow)) {
            return List.of();
        }
        return flow.getChildren().stream().map(Text.class::cast).filter(t -> t.getStyleClass().contains(style))
                .map(Text::getText).collect(Collectors.toList());
    }

    @Test
    void theWheelScrollsThreeLinesANotchAndLongLinesScrollSideways() {
        LogPane pane = openChattyLog();
        toTop(pane);
        harness.robot.push(KeyCode.PAGE_DOWN);
        LogEntry top = first(pane);
        Node rows = fx(() -> rowsNode(pane));
        // A wheel turned up by one notch, fired as a desktop delivers it (Monocle's robot reports a 1-pixel delta
        // either way). This constructor's multiplier is 1, so a notch is a delta of 1.
        fx(() -> {
            javafx.geometry.Bounds b = rows.localToScene(rows.getBoundsInLocal());
            rows.fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, b.getCenterX(),
                    b.getCenterY(), b.getCenterX(), b.getCenterY(), false, false, false, false, false, false, 0, 1, 0, 1,
                    javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
            return null;
        });
        List<LogEntry> shown = fx(() -> List.copyOf(pane.model().shown()));
        assertThat(shown.indexOf(top) - shown.indexOf(first(pane))).as("one notch up: three rows").isEqualTo(3);
        assertThat(fx(() -> pane.model().followProperty().get())).isFalse();

        toTop(pane);
        ScrollBar sideways = fx(() -> pane.node().lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .filter(bar -> bar.getOrientation() == Orientation.HORIZONTAL).findFirst().orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> sideways.isVisible() && sideways.getMax() > 0));
        double max = fx(sideways::getMax);
        fx(() -> {
            sideways.setValue(max);
            pane.node().applyCss();
            ((javafx.scene.Parent) pane.node()).layout();
            return null;
        });
        Label firstRow = rowLabels(pane).get(0);
        assertThat(fx(firstRow::getLayoutX)).as("rows moved left by the bar's value").isEqualTo(-max);
        assertThat(fx(() -> firstRow.getWidth() - max)).as("the end of the widest row is reachable")
                .isGreaterThan(0).isLessThanOrEqualTo(fx(() -> rows.getLayoutBounds().getWidth()));
    }
}
