package io.capstan.client.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Failure rows 1 and 2 at the policy level. */
class BackoffTest {
    private final MutableClock clock = new MutableClock();

    private Backoff noJitter() {
        return new Backoff(Backoff.FIRST, Backoff.CAP, 0.0, Backoff.HEALTHY_AFTER, clock, () -> 0.0);
    }

    @Test
    void backoffDoublesFromHalfASecondAndStopsExactlyAtTheCap() {
        Backoff b = noJitter();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) millis.add(b.nextDelay().toMillis());
        assertThat(millis).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
    }

    @Test
    void backoffNeverExceedsCap() {
        Random r = new Random(42);
        Backoff b = new Backoff(Backoff.FIRST, Backoff.CAP, Backoff.JITTER, Backoff.HEALTHY_AFTER, clock, r::nextDouble);
        for (int i = 0; i < 1000; i++) {
            Duration d = b.nextDelay();
            assertThat(d).isLessThanOrEqualTo(Backoff.CAP).isPositive();
        }
    }

    @Test
    void jitterOnlyShortensAStep() {
        Backoff b = new Backoff(Backoff.FIRST, Backoff.CAP, 0.2, Backoff.HEALTHY_AFTER, clock, () -> 1.0);
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(400));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void backoffResetsAfterHealthyConnection() {
        Backoff b = noJitter();
        for (int i = 0; i < 5; i++) b.nextDelay();
        b.connected();
        clock.advance(Duration.ofSeconds(3));
        b.disconnected();
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void backoffDoesNotResetWhenTheConnectionDiesRightAfterHello() {
        Backoff b = noJitter();
        for (int i = 0; i < 5; i++) b.nextDelay();
        b.connected();
        clock.advance(Duration.ofMillis(100));
        b.disconnected();
        assertThat(b.nextDelay()).isEqualTo(Duration.ofSeconds(16));
    }
}
