package io.capstan.client.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reorder window of the merged deployment log, with the time handed in. */
class LineMergeTest {

    private final List<String> out = new ArrayList<>();
    private LineMerge merge;

    @BeforeEach
    void setUp() {
        merge = merge(100);
    }

    private LineMerge merge(int cap) {
        return new LineMerge(Duration.ofMillis(500), Duration.ofSeconds(5), cap, new LineMerge.Out() {
            @Override
            public void line(String service, Line line) {
                out.add(service + ":" + line.text());
            }

            @Override
            public void gap(String service, long from, long to) {
                out.add(service + ":gap " + from + "-" + to);
            }

            @Override
            public void newEpoch(String service, String epoch) {
                out.add(service + ":epoch " + epoch);
            }

            @Override
            public void state(String service, StreamState state) {
                if (!(state instanceof StreamState.Live)) out.add(service + ":" + state.getClass().getSimpleName());
            }
        });
    }

    private static Line at(long seq, long tsMillis) {
        return new Line(seq, Instant.ofEpochMilli(tsMillis), LineStream.STDOUT, "t" + tsMillis);
    }

    private void live(String... services) {
        for (String s : services) {
            merge.addSource(s, 0);
            merge.state(s, new StreamState.Live(), 0);
        }
    }

    @Test
    void linesWaitTheWindowAndLeaveInTimeOrderAcrossServices() {
        live("web", "api");
        merge.line("web", at(1, 1_000), 0);
        merge.line("web", at(2, 1_300), 10);
        merge.drain(299);
        assertThat(out).as("nothing before the window passed").isEmpty();
        // api's older line arrives later (a slower connection) but inside the window
        merge.line("api", at(1, 1_100), 300);
        merge.drain(301);
        assertThat(out).as("with a line from every service, the earliest are safe to show").containsExactly("web:t1000", "api:t1100");
        merge.drain(509);
        assertThat(out).hasSize(2);
        merge.drain(510);
        assertThat(out).containsExactly("web:t1000", "api:t1100", "web:t1300");
        assertThat(merge.held()).isZero();
    }

    @Test
    void eachServiceKeepsItsOwnOrderEvenWhenItsClockGoesBack() {
        live("web", "api");
        merge.line("web", at(1, 2_000), 0);
        merge.line("web", at(2, 1_000), 0);
        merge.line("api", at(1, 1_500), 0);
        merge.drain(1_000);
        assertThat(out).containsExactly("api:t1500", "web:t2000", "web:t1000");
    }

    @Test
    void aReconnectingServiceHoldsTheOthersUntilItIsBackAndItsReplayIsIn() {
        live("web", "api");
        merge.state("api", new StreamState.WaitingToRetry(1, Instant.EPOCH, "cut"), 0);
        merge.line("web", at(1, 1_000), 0);
        merge.line("web", at(2, 2_000), 100);
        merge.drain(1_000);
        assertThat(out).as("held while api is down").containsExactly("api:WaitingToRetry");
        merge.state("api", new StreamState.Live(), 1_200);
        merge.drain(1_300);
        assertThat(out).as("one window after api came back").hasSize(1);
        merge.line("api", at(7, 1_500), 1_400);
        merge.drain(1_700);
        assertThat(out).containsExactly("api:WaitingToRetry", "web:t1000", "api:t1500", "web:t2000");
    }

    @Test
    void aServiceThatNeverComesBackHoldsTheOthersNoLongerThanTheMaximum() {
        merge.addSource("web", 0);
        merge.state("web", new StreamState.Live(), 0);
        merge.addSource("api", 0);
        merge.line("web", at(1, 1_000), 0);
        merge.drain(4_999);
        assertThat(out).isEmpty();
        merge.drain(5_000);
        assertThat(out).containsExactly("web:t1000");
    }

    @Test
    void whenEveryServiceHasALineTheEarliestGoesAtOnce() {
        live("web", "api");
        merge.line("web", at(1, 1_000), 0);
        merge.line("api", at(1, 900), 0);
        merge.drain(0);
        assertThat(out).containsExactly("api:t900");
    }

    @Test
    void gapsAndEpochsStayBetweenTheLinesTheySeparate() {
        live("web");
        merge.line("web", at(1, 1_000), 0);
        merge.gap("web", 2, 5, 0);
        merge.line("web", at(6, 1_100), 0);
        merge.newEpoch("web", "e2", 0);
        merge.line("web", at(1, 1_200), 0);
        merge.drain(1_000);
        assertThat(out).containsExactly("web:t1000", "web:gap 2-5", "web:t1100", "web:epoch e2", "web:t1200");
    }

    @Test
    void pastTheCapTheOldestGoWithoutWaiting() {
        merge = merge(3);
        live("web", "api");
        for (int i = 1; i <= 5; i++) merge.line("web", at(i, 1_000 + i), 0);
        merge.drain(0);
        assertThat(out).containsExactly("web:t1001", "web:t1002");
        assertThat(merge.held()).isEqualTo(3);
    }

    @Test
    void aRemovedServiceStillDeliversWhatItQueuedAndHoldsNothingBack() {
        live("web", "api");
        merge.state("api", new StreamState.Connecting(2), 0);
        merge.line("api", at(1, 500), 0);
        merge.line("web", at(1, 1_000), 0);
        merge.removeSource("api");
        merge.drain(600);
        assertThat(out).containsExactly("api:Connecting", "api:t500", "web:t1000");
    }
}
