package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The arithmetic of a pane's one budget a pulse (decision record 143), on a clock the test moves. */
class PulseBudgetTest {

    private long now = 1_000_000_000L;
    private final PulseBudget budget = new PulseBudget(() -> now);

    private void advance(Duration by) {
        now += by.toNanos();
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void takingRowsInGetsTheShareLessWhatDrawingIsExpectedToNeed() {
        budget.pulseStarted();
        assertThat(budget.ingestNanos()).isEqualTo(PulseBudget.SHARE.toNanos());

        budget.drew(ms(3));
        budget.pulseStarted();
        // An eighth of the estimate decays each pulse: 3 ms becomes 2.625 ms.
        assertThat(budget.ingestNanos()).isEqualTo(PulseBudget.SHARE.toNanos() - ms(3) + ms(3) / 8);
    }

    @Test
    void aColdDrawIsKeptBackOnlyUpToTheCapAndFadesSoTakingRowsInIsNeverStarvedForGood() {
        budget.drew(ms(45)); // a first move into code the JIT has not compiled
        budget.pulseStarted();
        assertThat(budget.ingestNanos()).isEqualTo(PulseBudget.SHARE.minus(PulseBudget.DRAW_RESERVE_CAP).toNanos());

        for (int pulse = 0; pulse < 60; pulse++) {
            budget.pulseStarted();
        }
        assertThat(budget.ingestNanos()).isGreaterThan(PulseBudget.SHARE.toNanos() - ms(1));
    }

    @Test
    void takingRowsInAlwaysGetsItsFloorHoweverMuchThePulseHasSpent() {
        budget.pulseStarted();
        advance(Duration.ofMillis(40)); // a collection, a wait for a core
        assertThat(budget.ingestNanos()).isEqualTo(PulseBudget.INGEST_FLOOR.toNanos());
    }

    @Test
    void drawingGetsWhatThePulseHasLeftCountingEverythingSpentBeforeIt() {
        budget.pulseStarted();
        advance(Duration.ofMillis(3)); // rows taken in
        advance(Duration.ofMillis(1)); // CSS, other nodes' layout
        assertThat(budget.drawDeadline() - now).isEqualTo(PulseBudget.SHARE.toNanos() - ms(4));
    }

    @Test
    void drawingAlwaysGetsItsFloorEvenWhenTakingRowsInUsedTheWholeShare() {
        budget.pulseStarted();
        advance(Duration.ofMillis(15));
        assertThat(budget.drawDeadline() - now).isEqualTo(PulseBudget.DRAW_FLOOR.toNanos());
    }

    @Test
    void drawingOutsideAPulseThatTookRowsInHasTheWholeDrawingBudgetToItself() {
        assertThat(budget.drawDeadline() - now).as("no pulse started yet").isEqualTo(PulseBudget.DRAW_ALONE.toNanos());

        budget.pulseStarted();
        advance(Duration.ofMillis(9));
        budget.pulseEnded();
        advance(Duration.ofMillis(30));
        assertThat(budget.drawDeadline() - now).as("after the pulse's layout, a scroll").isEqualTo(PulseBudget.DRAW_ALONE.toNanos());
    }
}
