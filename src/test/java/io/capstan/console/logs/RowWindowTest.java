package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-row view's arithmetic: which rows a scroll position shows, following, and which slots are drawn again. */
class RowWindowTest {

    private static final double ROW = 18;

    /** A window over {@code size} rows, 10 full rows and a cut one (190 px of 18 px rows). */
    private static RowWindow window(int size) {
        RowWindow window = new RowWindow();
        window.replaced(size);
        window.viewport(190, ROW);
        return window;
    }

    /** Claims every row on screen, as a layout does, and returns the indices whose slot had to be drawn. */
    private static List<Integer> draw(RowWindow window) {
        List<Integer> drawn = new ArrayList<>();
        for (int i = 0; i < window.shownCount(); i++) {
            int index = window.top() + i;
            // The key is the row's ordinal; here rows are numbered from 1000 so that an index is not its key.
            if (window.claim(window.slotOf(index), 1000L + index)) {
                drawn.add(index);
            }
        }
        return drawn;
    }

    @Test
    void aViewportOfTenAndAHalfRowsHasTenFullRowsAndElevenSlots() {
        RowWindow window = window(100);

        assertThat(window.fullRows()).isEqualTo(10);
        assertThat(window.slots()).isEqualTo(11);
        assertThat(window.shownCount()).isEqualTo(11);
        assertThat(window.maxTop()).isEqualTo(90);
    }

    @Test
    void anExactFitHasNoCutRow() {
        RowWindow window = new RowWindow();
        window.replaced(100);
        window.viewport(10 * ROW, ROW);

        assertThat(window.fullRows()).isEqualTo(10);
        assertThat(window.slots()).isEqualTo(10);
    }

    @Test
    void aScrollPositionShowsTheRowsFromItsTopAndStopsAtTheEnds() {
        RowWindow window = window(100);

        window.scrollTo(42);
        assertThat(window.top()).isEqualTo(42);
        assertThat(window.lastShown()).isEqualTo(52);

        window.scrollBy(-100);
        assertThat(window.top()).isZero();
        window.scrollBy(1000);
        assertThat(window.top()).as("the last row is the lowest full row").isEqualTo(90);
        assertThat(window.atBottom()).isTrue();
        assertThat(window.shownCount()).as("the cut slot below the last row shows nothing").isEqualTo(10);
        assertThat(window.lastShown()).isEqualTo(99);
    }

    @Test
    void fewerRowsThanFitShowAllFromTheTop() {
        RowWindow window = window(4);

        window.showAsLast(3);

        assertThat(window.top()).isZero();
        assertThat(window.shownCount()).isEqualTo(4);
        assertThat(window.atBottom()).isTrue();
        assertThat(window.maxTop()).isZero();
    }

    @Test
    void showAsLastPutsTheRowAtTheBottomAndRevealPutsItAThirdDown() {
        RowWindow window = window(1000);

        window.showAsLast(999);
        assertThat(window.top()).isEqualTo(990);

        window.showAt(500, window.fullRows() / 3);
        assertThat(window.top()).isEqualTo(497);

        window.showAsFirst(7);
        assertThat(window.top()).isEqualTo(7);
    }

    @Test
    void aViewAtItsEndStaysAtItsEndWhenItIsResizedAndOtherwiseKeepsItsTop() {
        RowWindow window = window(1000);
        window.showAsLast(999);

        window.viewport(5 * ROW, ROW);
        assertThat(window.top()).isEqualTo(995);
        window.viewport(20 * ROW, ROW);
        assertThat(window.top()).isEqualTo(980);

        window.scrollTo(100);
        window.viewport(10 * ROW, ROW);
        assertThat(window.top()).isEqualTo(100);
    }

    @Test
    void appendedRowsDoNotMoveAViewThatIsNotFollowing() {
        RowWindow window = window(100);
        window.scrollTo(90);

        window.appended(200);

        assertThat(window.top()).isEqualTo(90);
        assertThat(window.atBottom()).isFalse();
        assertThat(window.maxTop()).isEqualTo(190);
    }

    @Test
    void theRowAtAPointIsCountedFromTheTopRow() {
        RowWindow window = window(100);
        window.scrollTo(30);

        assertThat(window.indexAt(0, ROW)).isEqualTo(30);
        assertThat(window.indexAt(ROW * 2.5, ROW)).isEqualTo(32);
        assertThat(window.indexAt(-1, ROW)).isEqualTo(-1);
        window.replaced(33);
        assertThat(window.top()).as("the last row at the bottom").isEqualTo(23);
        assertThat(window.indexAt(ROW * 9.5, ROW)).isEqualTo(32);
        assertThat(window.indexAt(ROW * 10.5, ROW)).as("below the last row").isEqualTo(-1);
    }

    @Test
    void scrollingByThreeRowsDrawsOnlyTheThreeNewRows() {
        RowWindow window = window(1000);
        window.scrollTo(100);
        assertThat(draw(window)).as("the first layout draws every slot").hasSize(11);

        window.scrollBy(3);
        assertThat(draw(window)).containsExactly(111, 112, 113);

        window.scrollBy(-5);
        assertThat(draw(window)).containsExactly(98, 99, 100, 101, 102);
        assertThat(draw(window)).as("nothing moved: nothing drawn").isEmpty();
    }

    @Test
    void aJumpFartherThanAScreenDrawsEverySlotAndEachSlotShowsOneRow() {
        RowWindow window = window(100_000);
        draw(window);

        window.showAsLast(99_999);

        assertThat(draw(window)).hasSize(10);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < window.shownCount(); i++) {
            slots.add(window.slotOf(window.top() + i));
        }
        assertThat(slots).as("one slot per row on screen").doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < 11);
    }

    @Test
    void rowsRemovedFromTheFrontKeepTheRowsOnScreenInTheirSlots() {
        RowWindow window = window(10_000);
        window.scrollTo(5_000);
        draw(window);
        int slotOfTop = window.slotOf(5_000);

        window.removedFromFront(1_000);

        assertThat(window.top()).as("the same rows, at their new indices").isEqualTo(4_000);
        assertThat(window.slotOf(4_000)).isEqualTo(slotOfTop);
        List<Integer> drawn = new ArrayList<>();
        for (int i = 0; i < window.shownCount(); i++) {
            int index = window.top() + i;
            // Same rows, same ordinals (an ordinal is the row's, whatever its index).
            if (window.claim(window.slotOf(index), 1000L + index + 1_000)) {
                drawn.add(index);
            }
        }
        assertThat(drawn).as("nothing drawn again").isEmpty();
    }

    @Test
    void removingRowsThatWereOnScreenMovesTheViewToTheNewFirstRow() {
        RowWindow window = window(1_000);
        window.scrollTo(10);

        window.removedFromFront(100);

        assertThat(window.top()).isZero();
        assertThat(window.size()).isEqualTo(900);
    }

    @Test
    void forgettingDrawsEverySlotAgainAndAResizedPoolForgetsToo() {
        RowWindow window = window(1000);
        draw(window);

        window.forget();
        assertThat(draw(window)).hasSize(11);

        window.viewport(5 * ROW, ROW);
        assertThat(window.slots()).isEqualTo(5);
        assertThat(draw(window)).hasSize(5);
    }

    @Test
    void aReplacedListForgetsWhatTheSlotsShowed() {
        RowWindow window = window(1000);
        draw(window);

        window.replaced(50);

        assertThat(draw(window)).hasSize(11);
    }
}
