package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.PulseBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * {@link FixedRows}' drawing budget (decision records 121 and 143) on a clock where drawing a row takes a millisecond,
 * as it does before the JIT has compiled the code: a move draws what fits in the budget, leaves the other slots blank,
 * and draws them in the pulses after; a slot never shows a row that is not the one in its place. Drawing in a pulse
 * whose rows took the pane's whole share still draws some rows: it is never starved.
 */
class FixedRowsDrawBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicLong now = new AtomicLong();
    /** Every look at the clock is a millisecond later: a row costs a millisecond to draw. */
    private final PulseBudget budget = new PulseBudget(() -> now.addAndGet(1_000_000));
    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            fx(() -> {
                stage.close();
                return null;
            });
        }
    }

    @Test
    void aMoveOverItsBudgetDrawsSomeRowsNowAndTheRestInTheNextPulsesNeverARowOutOfPlace() throws Exception {
        FixedRows view = showTwoThousandRows();
        int budgetRows = (int) (PulseBudget.DRAW_ALONE.toMillis()) + 1;
        assertAMoveDrawsAtMostThenCatchesUp(view, () -> { }, budgetRows);
    }

    @Test
    void aMoveInAPulseWhoseRowsTookTheWholeShareStillDrawsItsFloorNowAndTheRestLater() throws Exception {
        FixedRows view = showTwoThousandRows();
        int floorRows = (int) (PulseBudget.DRAW_FLOOR.toMillis()) + 1;
        assertAMoveDrawsAtMostThenCatchesUp(view, () -> {
            budget.pulseStarted();
            now.addAndGet(PulseBudget.SHARE.toNanos() + 5_000_000); // taking rows in ran over the pane's share
        }, floorRows);
    }

    /** A pane of 2,000 rows on screen, every slot drawn. */
    private FixedRows showTwoThousandRows() throws Exception {
        LogPaneViewModel model = new LogPaneViewModel("budget", new DirectBackground(), new NoLogPaneEffects(), Clock.systemUTC(),
                10_000);
        List<LogEntry> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(new LogEntry(i, i + 1, 0, LogEntry.Kind.STDOUT, "row " + i, List.of()));
        }
        FixedRows view = fx(() -> {
            model.accept(rows);
            @SuppressWarnings("unchecked")
            ObservableList<LogEntry> shown = (ObservableList<LogEntry>) model.shownProperty().get();
            FixedRows fixed = new FixedRows(model, shown, budget);
            stage = new Stage();
            stage.setScene(new Scene(new StackPane(fixed), 500, 600));
            stage.show();
            return fixed;
        });
        await().atMost(WAIT).until(() -> fx(() -> view.window().shownCount()) > 20);

        assertEveryShownSlotInPlace(view);
        await().atMost(WAIT).untilAsserted(() -> assertThat(shownSlots(view)).hasSize(fx(() -> view.window().shownCount())));
        assertEveryShownSlotInPlace(view);
        return view;
    }

    /**
     * Moves to row 1,500 after {@code before} (on the FX thread, in the same turn): the move's own layout draws between
     * one and {@code mostRows} rows, each in its place, and later pulses draw the rest.
     */
    private void assertAMoveDrawsAtMostThenCatchesUp(FixedRows view, Runnable before, int mostRows) throws Exception {
        List<Integer> drawnAtFirst = fx(() -> {
            before.run();
            view.showAsFirst(1_500);
            view.layout();
            return shownSlots(view).stream().map(label -> Integer.parseInt(label.getText().substring(4))).toList();
        });
        assertThat(drawnAtFirst).as("rows drawn in the move's own layout").hasSizeBetween(1, mostRows + 1);
        int shownCount = fx(() -> view.window().shownCount());
        assertThat(drawnAtFirst).allMatch(row -> row >= 1_500 && row < 1_500 + shownCount);
        assertEveryShownSlotInPlace(view);
        await().atMost(WAIT).untilAsserted(() -> assertThat(shownSlots(view)).hasSize(fx(() -> view.window().shownCount())));
        assertEveryShownSlotInPlace(view);
    }

    /** Each visible row label shows the row the window puts at its height. */
    private static void assertEveryShownSlotInPlace(FixedRows view) throws Exception {
        fx(() -> {
            double rowHeight = shownSlots(view).isEmpty() ? 1 : shownSlots(view).get(0).getHeight();
            for (Label label : shownSlots(view)) {
                int position = (int) Math.round(label.getLayoutY() / rowHeight);
                assertThat(label.getText()).isEqualTo("row " + (view.window().top() + position));
            }
            return null;
        });
    }

    private static List<Label> shownSlots(FixedRows view) {
        Parent body = (Parent) view.getChildrenUnmodifiable().get(0);
        return body.getChildrenUnmodifiable().stream().filter(node -> node instanceof Label && node.isVisible())
                .map(Label.class::cast).sorted(Comparator.comparingDouble(Label::getLayoutY)).toList();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return FxToolkit.setupFixture(work);
    }
}
