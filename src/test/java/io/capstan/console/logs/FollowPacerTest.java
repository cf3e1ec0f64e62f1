package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowPacerTest {

    private long now = 1_000_000_000L;
    private int moves;
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final FollowPacer pacer = new FollowPacer(() -> now, Duration.ofMillis(100), (delay, task) -> {
        delays.add(delay);
        scheduled.add(task);
    }, () -> moves++);

    @Test
    void rowsThatComeSlowlyMoveTheViewAtOnce() {
        pacer.rowsAdded();
        now += 150_000_000L;
        pacer.rowsAdded();
        now += 100_000_000L;
        pacer.rowsAdded();

        assertThat(moves).isEqualTo(3);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aBurstMovesOnceAnIntervalAndOnceMoreAfterItsLastRow() {
        pacer.rowsAdded();
        now += 10_000_000L;
        pacer.rowsAdded();
        now += 10_000_000L;
        pacer.rowsAdded();

        assertThat(moves).isEqualTo(1);
        assertThat(scheduled).hasSize(1);
        assertThat(delays).containsExactly(Duration.ofMillis(90));

        now += 90_000_000L;
        scheduled.remove(0).run();
        assertThat(moves).as("the newest row is shown after the burst").isEqualTo(2);

        now += 5_000_000L;
        pacer.rowsAdded();
        assertThat(moves).isEqualTo(2);
        assertThat(delays).last().isEqualTo(Duration.ofMillis(95));
    }
}
