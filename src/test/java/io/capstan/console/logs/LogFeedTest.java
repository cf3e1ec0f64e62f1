package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFeedTest {

    /** When the agent was last heard from, in the outages of a stream that had been live. */
    private static final Instant HEARD = Instant.parse("2026-11-28T09:59:58Z");
    private final List<LogEntry> rows = new ArrayList<>();
    private final LogFeed feed = new LogFeed(rows::add, Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private static Line line(long seq, String text) {
        return new Line(seq, Instant.parse("2026-11-28T09:00:00Z"), LineStream.STDOUT, text);
    }

    private List<String> texts() {
        return rows.stream().map(r -> (r.isNotice() ? "! " : "") + r.text()).toList();
    }

    @Test
    void aSilentStreamsNoticeNamesTheLastContactAndIsStampedWhenItWasNoticed() {
        feed.state(new StreamState.Live());
        feed.line(line(1, "one"));
        feed.state(new StreamState.WaitingToRetry(1, Instant.parse("2026-11-28T10:00:01Z"),
                "timed out: no data within the heartbeat window", Instant.parse("2026-11-28T09:59:15Z")));

        assertThat(texts()).containsExactly("one",
                "! reconnecting: timed out: no data within the heartbeat window; agent last heard from at 09:59:15");
        assertThat(rows.get(1).tsMillis()).as("the notice sits where the pane learnt of it")
                .isEqualTo(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
    }

    @Test
    void anOutageIsSaidOnceAndItsEndSaysWhereThePaneResumed() {
        feed.state(new StreamState.Connecting(1));
        feed.state(new StreamState.Live());
        feed.line(line(1, "one"));
        feed.line(line(2, "two"));
        feed.state(new StreamState.WaitingToRetry(1, Instant.EPOCH, "connection reset", HEARD));
        feed.state(new StreamState.Connecting(2));
        feed.state(new StreamState.WaitingToRetry(2, Instant.EPOCH, "connection refused", HEARD));
        feed.state(new StreamState.Live());
        feed.line(line(3, "three"));

        assertThat(texts()).containsExactly("one", "two", "! reconnecting: connection reset; agent last heard from at 09:59:58",
                "! live again, resuming after line 2", "three");
        assertThat(rows).extracting(LogEntry::ordinal).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    /** Decision record 159: a pane reopened at start for an agent that is down has nothing to resume and no time. */
    @Test
    void aStreamThatNeverReachedItsAgentSaysNotReachedOnceThenLiveWithoutAgain() {
        feed.state(new StreamState.Connecting(1));
        feed.state(new StreamState.WaitingToRetry(1, Instant.EPOCH, "connection refused", null));
        feed.state(new StreamState.Connecting(2));
        feed.state(new StreamState.WaitingToRetry(2, Instant.EPOCH, "connection refused", null));
        feed.state(new StreamState.Live());
        feed.line(line(1, "one"));
        feed.state(new StreamState.WaitingToRetry(1, Instant.EPOCH, "connection reset", HEARD));
        feed.state(new StreamState.Live());

        assertThat(texts()).containsExactly("! not reached yet: connection refused", "! live", "one",
                "! reconnecting: connection reset; agent last heard from at 09:59:58", "! live again, resuming after line 1");
    }

    /**
     * Decision record 160: a stream of an agent its client has heard from (the event stream, a call) whose first connect
     * failed did not drop: "not connected yet", then "live", never "reconnecting" nor "live again".
     */
    @Test
    void aStreamOfAReachedAgentWhoseFirstConnectFailedSaysNotConnectedYetThenLive() {
        feed.state(new StreamState.Connecting(1));
        feed.state(new StreamState.WaitingToRetry(1, Instant.EPOCH, "timed out", HEARD));
        feed.state(new StreamState.Connecting(2));
        feed.state(new StreamState.Live());
        feed.line(line(1, "one"));

        assertThat(texts()).containsExactly("! not connected yet: timed out; agent last heard from at 09:59:58", "! live", "one");
    }

    @Test
    void gapsAndTheEndAreNoticesInLineOrder() {
        feed.line(line(1000, "head"));
        feed.gap(1001, 5000);
        feed.line(line(5001, "tail"));
        Job job = new Job("j-1", "shop", null, Action.REBUILD, JobStatus.FAILED, Instant.EPOCH,
                Instant.parse("2026-11-28T09:00:00Z"), Instant.parse("2026-11-28T09:01:05Z"), 2, "build failed", 5001, 4000);
        feed.end(job);

        assertThat(texts()).containsExactly("head", "! lines 1,001 to 5,000 are no longer kept by the agent (4,000 lines)",
                "tail", "! job failed, exited 2, after 1 m 05 s: build failed");
        assertThat(rows.get(1).tsMillis()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
    }

    @Test
    void aRefusedTokenAndAVanishedJobAreSaid() {
        feed.state(new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "401"));
        feed.state(new StreamState.Stopped(StreamState.StopReason.REVOKED, "the token \"ci\" was revoked"));
        feed.state(new StreamState.Stopped(StreamState.StopReason.NOT_FOUND, "404"));
        feed.state(new StreamState.Stopped(StreamState.StopReason.CLOSED, "closed"));
        assertThat(texts()).hasSize(3);
        assertThat(texts().get(0)).startsWith("! authentication failed: the agent refused the token. This log goes on"
                + " from its start once the connection has a valid token (\"fix token…\" on the status bar");
        assertThat(texts().get(1)).startsWith("! authentication failed: the token \"ci\" was revoked. This log");
        assertThat(texts().get(2)).isEqualTo("! the agent no longer has this log");
    }

    @Test
    void aStreamRefusedThenResumedWithANewTokenSaysWhereItStoppedAndWhereItGoesOn() {
        feed.line(new Line(41, Instant.EPOCH, LineStream.STDOUT, "before"));
        feed.state(new StreamState.Stopped(StreamState.StopReason.REVOKED, "the token \"ci\" was replaced by a new one (rotated)"));
        feed.state(new StreamState.Connecting(1));
        feed.state(new StreamState.Live());
        feed.line(new Line(42, Instant.EPOCH, LineStream.STDOUT, "after"));
        assertThat(texts()).containsExactly("before",
                "! authentication failed: the token \"ci\" was replaced by a new one (rotated). This log stopped after line 41"
                        + " and goes on from there once the connection has a valid token (\"fix token…\" on the status bar;"
                        + " This computer reads a rotated token by itself)",
                "! live again, resuming after line 41", "after");
    }

    @Test
    void stderrAndSystemLinesKeepTheirKind() {
        feed.line(new Line(1, Instant.EPOCH, LineStream.STDERR, "boom"));
        feed.line(new Line(2, Instant.EPOCH, LineStream.SYSTEM, "exit code 2"));
        assertThat(rows).extracting(LogEntry::kind).containsExactly(LogEntry.Kind.STDERR, LogEntry.Kind.SYSTEM);
    }

    @Test
    void aBatchOfLinesIsHandedOnAsOneListInItsPlaceAmongNotices() {
        List<Object> handed = new ArrayList<>(); // single rows and lists, in the order the feed handed them on
        LogFeed batched = new LogFeed(handed::add, handed::add, Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
        batched.line(line(1, "one"));
        batched.lines(List.of(line(2, "two"), line(3, "\u001b[31mthree\u001b[0m")));
        batched.state(new StreamState.WaitingToRetry(1, Instant.EPOCH, "connection reset", HEARD));
        batched.lines(List.of());
        batched.state(new StreamState.Live());
        batched.lines(List.of(line(4, "four")));

        assertThat(handed).hasSize(5);
        List<LogEntry> rowsInOrder = new ArrayList<>();
        for (Object o : handed) {
            if (o instanceof LogEntry e) {
                rowsInOrder.add(e);
            } else {
                rowsInOrder.addAll(castRows(o));
            }
        }
        assertThat(handed.get(1)).isInstanceOf(List.class);
        assertThat(rowsInOrder).extracting(r -> (r.isNotice() ? "! " : "") + r.text()).containsExactly("one", "two", "three",
                "! reconnecting: connection reset; agent last heard from at 09:59:58", "! live again, resuming after line 3", "four");
        assertThat(rowsInOrder).extracting(LogEntry::ordinal).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(rowsInOrder.get(2).runs()).isNotEmpty(); // ANSI parsed on the feed's thread, as for single lines
    }

    @SuppressWarnings("unchecked")
    private static List<LogEntry> castRows(Object o) {
        return (List<LogEntry>) o;
    }
}
