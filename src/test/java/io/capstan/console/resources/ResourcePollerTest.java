package io.capstan.console.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.testing.MutableClock;
import io.capstan.console.fx.DirectBackground;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One request per interval, only what is new asked for, one redraw per answer, and an hour kept. */
class ResourcePollerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<Instant> asked = new ArrayList<>();
    private final List<ResourceSample> agent = new ArrayList<>();

    private List<Messages.ResourceSeries> answer(Instant since) {
        asked.add(since);
        List<ResourceSample> after = agent.stream().filter(s -> since == null || s.at().isAfter(since)).toList();
        return List.of(new Messages.ResourceSeries("shop", "web", 5000, after));
    }

    private void sample(double cpu) {
        agent.add(new ResourceSample(clock.instant(), cpu, 100L));
    }

    @Test
    void pollsOncePerIntervalAsksFromJustBeforeTheNewestAndRedrawsOncePerAnswer() {
        ResourcePoller poller = new ResourcePoller(new DirectBackground(), clock);
        sample(1);
        poller.show(this::answer);
        assertThat(asked).as("the whole hour at first").containsExactly((Instant) null);
        assertThat(poller.trace("web").size()).isEqualTo(1);
        long revision = poller.revisionProperty().get();

        clock.advance(Duration.ofSeconds(1));
        poller.tick();
        assertThat(asked).as("not before an interval has passed").hasSize(1);

        clock.advance(Duration.ofSeconds(4));
        sample(2);
        clock.advance(Duration.ofMillis(10));
        sample(3);
        poller.tick();
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).as("one interval before the newest held: a round written mid-answer is not missed")
                .isEqualTo(T0.minusSeconds(5));
        assertThat(poller.trace("web").cpu()).as("the overlap is not doubled").containsExactly(1, 2, 3);
        assertThat(poller.revisionProperty().get()).as("two samples, one redraw").isEqualTo(revision + 1);

        clock.advance(Duration.ofSeconds(5));
        poller.tick();
        assertThat(poller.revisionProperty().get()).as("nothing new, nothing redrawn").isEqualTo(revision + 1);
    }

    @Test
    void anAnswerForWhatWasShownBeforeIsDropped() {
        List<Runnable> held = new ArrayList<>();
        ResourcePoller poller = new ResourcePoller(new io.capstan.console.fx.Background() {
            @Override
            public <T> void submit(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> ok,
                                   java.util.function.Consumer<? super Throwable> failed) {
                held.add(() -> {
                    try {
                        ok.accept(work.call());
                    } catch (Exception e) {
                        failed.accept(e);
                    }
                });
            }
        }, clock);
        sample(7);
        poller.show(this::answer);
        poller.show(since -> List.of(new Messages.ResourceSeries("other", "db", 5000, List.of())));
        held.get(0).run();
        assertThat(poller.trace("web").size()).as("the first deployment's late answer").isZero();
    }

    @Test
    void historyKeepsAnHourAndNeverTheSameSampleTwice() {
        ResourceHistory h = new ResourceHistory(Duration.ofHours(1));
        for (int i = 0; i <= 720; i++) {
            h.add(List.of(new ResourceSample(T0.plusSeconds(5L * i), (double) i, 1L)));
        }
        h.add(List.of(new ResourceSample(T0.plusSeconds(3600), 0.0, 1L)));
        ResourceTrace t = h.trace();
        assertThat(t.size()).isEqualTo(721);
        assertThat(t.cpu()[0]).isEqualTo(0);
        h.add(List.of(new ResourceSample(T0.plusSeconds(3605), 721.0, 1L)));
        assertThat(h.trace().size()).as("the oldest left the hour").isEqualTo(721);
        assertThat(h.trace().cpu()[0]).isEqualTo(1);
        assertThat(h.trace().latest().cpu()).isEqualTo(721);
    }
}
