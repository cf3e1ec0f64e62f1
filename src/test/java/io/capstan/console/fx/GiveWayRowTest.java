package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The order in which a row's children give way (the status bar's chips, the tree's rows: issue 12). */
class GiveWayRowTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static Region box(double min, double pref) {
        Region region = new Region();
        region.setMinWidth(min);
        region.setPrefWidth(pref);
        region.setMaxWidth(Double.MAX_VALUE);
        return region;
    }

    /** A fitting child that uses only multiples of 40 px of its room, like a label choosing a wording. */
    private static final class Steps extends Region implements Fitting {
        Steps() {
            setMinWidth(40);
            setPrefWidth(120);
        }

        @Override
        public double fittedWidth(double room) {
            return Math.max(40, Math.floor(room / 40) * 40);
        }
    }

    private static double[] laidOut(GiveWayRow row, double width) throws Exception {
        return fx(() -> {
            new Scene(new Group(row));
            row.resize(width, 20);
            row.layout();
            return row.getChildrenUnmodifiable().stream().map(Region.class::cast).mapToDouble(Region::getWidth).toArray();
        });
    }

    @Test
    void withRoomEveryChildHasItsPreferredWidthAndASpacerTakesTheRest() throws Exception {
        Region spacer = box(0, 0);
        HBox.setHgrow(spacer, Priority.ALWAYS);
        GiveWayRow row = new GiveWayRow(10, GiveWayRow.givesWay(box(20, 100), 1), spacer, box(50, 50));
        assertThat(laidOut(row, 300)).containsExactly(100, 130, 50);
    }

    @Test
    void theFirstRankGivesWayBeforeTheSecondAndTheWidestFirst() throws Exception {
        GiveWayRow row = new GiveWayRow(0, GiveWayRow.givesWay(box(30, 100), 2), GiveWayRow.givesWay(box(10, 80), 1),
                GiveWayRow.givesWay(box(10, 50), 1), box(40, 40));
        // 270 wanted, 240 given: the wider of rank 1 gives 30 alone, rank 2 keeps its width.
        assertThat(laidOut(row, 240)).containsExactly(100, 50, 50, 40);
        // 190 given: rank 1 gives 80 in all, evenly once both are as wide (10 each more), rank 2 still whole.
        assertThat(laidOut(row, 190)).containsExactly(100, 25, 25, 40);
        // 110 given: rank 1 at its minimums, rank 2 gives the rest; the child with no rank never shrinks.
        assertThat(laidOut(row, 110)).containsExactly(50, 10, 10, 40);
    }

    @Test
    void aRowThatClipsAsksForNoMinimumAndLaysOutAtTheMinimums() throws Exception {
        GiveWayRow row = new GiveWayRow(5, GiveWayRow.givesWay(box(30, 100), 1), box(40, 40)).clipsWhenShort();
        GiveWayRow plain = new GiveWayRow(5, GiveWayRow.givesWay(box(30, 100), 1), box(40, 40));
        assertThat(fx(() -> row.minWidth(-1))).isZero();
        assertThat(fx(() -> plain.minWidth(-1))).isEqualTo(75);
        assertThat(laidOut(row, 50)).containsExactly(30, 40);
        assertThat(fx(() -> row.getClip().getLayoutBounds().getWidth())).isEqualTo(50);
    }

    @Test
    void aFittingChildIsGivenOnlyTheWidthItUses() throws Exception {
        GiveWayRow row = new GiveWayRow(0, GiveWayRow.givesWay(new Steps(), 1), box(20, 20));
        // 140 wanted, 120 given: the room is 100, the child uses 80 of it.
        assertThat(laidOut(row, 120)).containsExactly(80, 20);
        assertThat(fx(() -> row.fittedWidth(120))).isEqualTo(100);
    }

    @Test
    void inNestedRowsEveryFirstRankGivesWayBeforeAnySecondRank() throws Exception {
        // Two chips: a long name with a long badge, a short name with a long badge. 100 px short: both badges give 50,
        // neither name shrinks (an HBox of chips would have cut the first chip, the widest, name and all).
        Region longName = GiveWayRow.givesWay(box(30, 100), 2);
        Region firstBadge = GiveWayRow.givesWay(box(20, 100), 1);
        Region secondBadge = GiveWayRow.givesWay(box(20, 100), 1);
        GiveWayRow first = new GiveWayRow(5, longName, firstBadge);
        GiveWayRow second = new GiveWayRow(5, GiveWayRow.givesWay(box(20, 20), 2), secondBadge);
        GiveWayRow row = new GiveWayRow(10, first, second).clipsWhenShort();
        assertThat(laidOut(row, 240)).containsExactly(155, 75);
        assertThat(fx(() -> new double[] {longName.getWidth(), firstBadge.getWidth(), secondBadge.getWidth()}))
                .containsExactly(100, 50, 50);
        // 200 px short: badges at their minimums (20), then the long name gives the rest (100 - 40).
        assertThat(laidOut(row, 140)).containsExactly(85, 45);
        assertThat(fx(longName::getWidth)).isEqualTo(60);
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Platform.runLater(task);
        return task.get(20, TimeUnit.SECONDS);
    }
}
