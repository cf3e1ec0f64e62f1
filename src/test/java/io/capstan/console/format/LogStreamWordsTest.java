package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A log pane speaks of its connection in the status chip's words (issues 12 and 13). */
class LogStreamWordsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T17:02:11Z");

    @Test
    void thePaneHeaderUsesTheChipsWordsAndTheClientsReason() {
        StreamState waiting = new StreamState.WaitingToRetry(3, NOW, "connection refused", NOW.minusSeconds(2));
        ConnectionStatus chip = ConnectionStatus.of(waiting, "connection refused", true, null, NOW, ZoneOffset.UTC);
        assertThat(LogStreamWords.header(waiting)).isEqualTo("reconnecting: connection refused")
                .startsWith(chip.word()).endsWith("connection refused");
        assertThat(chip.detail()).endsWith(": connection refused");
        assertThat(LogStreamWords.word(waiting)).isEqualTo(chip.word());
        assertThat(LogStreamWords.header(new StreamState.Live()))
                .isEqualTo(ConnectionStatus.of(new StreamState.Live(), null, true, null, NOW, ZoneOffset.UTC).word());
        assertThat(LogStreamWords.header(new StreamState.Connecting(1))).isEqualTo("connecting…");
        assertThat(LogStreamWords.header(new StreamState.Connecting(2))).isEqualTo("reconnecting…");
        assertThat(LogStreamWords.header(new StreamState.WaitingToRetry(1, NOW, null, NOW))).isEqualTo("reconnecting");
    }

    /** Decision record 159: a client that never heard from its agent never says "reconnecting" or a "since" time. */
    @Test
    void aStreamWhoseAgentWasNeverHeardFromReadsNotReachedYetWithNoTime() {
        StreamState never = new StreamState.WaitingToRetry(3, NOW, "connection refused", null);
        ConnectionStatus chip = ConnectionStatus.of(never, "connection refused", false, null, NOW, ZoneOffset.UTC);
        assertThat(LogStreamWords.header(never)).isEqualTo("not reached yet: connection refused").startsWith(chip.brief());
        assertThat(LogStreamWords.header(new StreamState.WaitingToRetry(1, NOW, null, null))).isEqualTo("not reached yet");
        assertThat(LogStreamWords.lost("connection refused", null, ZoneOffset.UTC)).as("the notice and a saved log")
                .isEqualTo("not reached yet: connection refused");
        assertThat(LogStreamWords.offline(null, ZoneOffset.UTC)).as("a pane's header after the grace")
                .isEqualTo("agent not reached yet");
        assertThat(LogStreamWords.header(new StreamState.Connecting(2), false, false, null)).as("its next try")
                .isEqualTo("not reached yet…");
        assertThat(LogStreamWords.header(new StreamState.Connecting(2), true, true, null)).isEqualTo("reconnecting…");
        assertThat(LogStreamWords.header(new StreamState.Connecting(1), false, false, null)).isEqualTo("connecting…");
        assertThat(LogStreamWords.header(new StreamState.Connecting(1), false, false, Duration.ofSeconds(12)))
                .as("a first try with no answer past the grace").isEqualTo("not reached yet: no answer in 12 s");
        assertThat(LogStreamWords.agentDown(AgentReach.of(false, false, null), false, NOW, ZoneOffset.UTC))
                .as("neither the connection nor the pane heard from it").isEqualTo("agent not reached yet");
        for (String said : List.of(LogStreamWords.header(never), LogStreamWords.lost("connection refused", null, ZoneOffset.UTC),
                LogStreamWords.offline(null, ZoneOffset.UTC))) {
            assertThat(said).doesNotContain("since", "reconnecting", "heard").doesNotContainPattern("\\d\\d:\\d\\d");
        }
    }

    /**
     * Decision record 160: a stream of an agent the console has reached (its event stream is live, or any call or stream
     * heard from it) that has not connected yet is "not connected yet", never "not reached" nor "reconnecting", and
     * claims no offline time the agent did not have.
     */
    @Test
    void aStreamOfAReachedAgentThatHasNotConnectedYetSaysSoAndNeverNotReached() {
        StreamState first = new StreamState.Connecting(1);
        assertThat(LogStreamWords.header(first, true, false, Duration.ofMillis(4_999))).as("within the grace")
                .isEqualTo("connecting…");
        assertThat(LogStreamWords.header(first, true, false, Offline.GRACE)).isEqualTo("not connected yet: no answer in 5 s");
        assertThat(LogStreamWords.header(first, true, false, Duration.ofSeconds(65))).isEqualTo("not connected yet: no answer in 1 m 05 s");
        assertThat(LogStreamWords.header(new StreamState.Connecting(3), true, false, null)).isEqualTo("not connected yet…");
        assertThat(LogStreamWords.header(new StreamState.Connecting(3), true, true, Duration.ofSeconds(7)))
                .as("a stream that was live: its retry").isEqualTo("reconnecting: no answer in 7 s");
        String silence = "timed out: no data within the heartbeat window";
        StreamState timedOut = new StreamState.WaitingToRetry(1, NOW, silence, NOW.minusSeconds(3));
        assertThat(LogStreamWords.header(timedOut, true, false, null)).isEqualTo("not connected yet: " + silence);
        assertThat(LogStreamWords.header(timedOut, false, false, null)).as("its client's contact is the agent reached")
                .isEqualTo("not connected yet: " + silence);
        assertThat(LogStreamWords.header(new StreamState.WaitingToRetry(1, NOW, "connection refused", null), true, false, null))
                .as("the console's connection reached it, this client not").isEqualTo("not connected yet: connection refused");
        assertThat(LogStreamWords.word("not connected yet: no answer in 12 s")).isEqualTo("not connected yet");

        assertThat(LogStreamWords.lost("the agent closed the connection", NOW, ZoneOffset.UTC, false)).as("its notice")
                .isEqualTo("not connected yet: the agent closed the connection; agent last heard from at 17:02:11");
        assertThat(LogStreamWords.lost("the agent closed the connection", NOW, ZoneOffset.UTC, true))
                .isEqualTo("reconnecting: the agent closed the connection; agent last heard from at 17:02:11");
        assertThat(LogStreamWords.lost("connection refused", null, ZoneOffset.UTC, false)).isEqualTo("not reached yet: connection refused");
        assertThat(LogStreamWords.back(0, false)).as("its first live").isEqualTo("live");
        assertThat(LogStreamWords.back(0, true)).isEqualTo("live again");

        // Past the pane's grace: the agent's connection decides what is said of the agent.
        AgentReach live = AgentReach.of(true, true, null);
        assertThat(LogStreamWords.agentDown(live, false, NOW, ZoneOffset.UTC)).as("a live agent: the stream's trouble").isNull();
        assertThat(LogStreamWords.agentDown(AgentReach.of(true, false, null), false, NOW, ZoneOffset.UTC))
                .as("reached, down within its own grace: not offline yet").isNull();
        assertThat(LogStreamWords.agentDown(AgentReach.of(true, false, NOW.minusSeconds(50)), true, NOW, ZoneOffset.UTC))
                .as("offline: the connection's time, not the pane's").isEqualTo("agent offline since 17:01:21");
        assertThat(LogStreamWords.agentDown(AgentReach.of(false, false, null), true, NOW, ZoneOffset.UTC))
                .as("the pane's stream heard from it").isNull();
        assertThat(LogStreamWords.agentDown(AgentReach.UNKNOWN, true, NOW, ZoneOffset.UTC)).as("no connection to ask")
                .isEqualTo("agent offline since 17:02:11");
        assertThat(LogStreamWords.agentDown(AgentReach.UNKNOWN, false, NOW, ZoneOffset.UTC)).isEqualTo("agent not reached yet");
        assertThat(AgentReach.of(false, true, null).reached()).as("live is reached").isTrue();
    }

    @Test
    void aRefusedTokenReadsAsTheChipsDetailWordForWord() {
        StreamState refused = new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401");
        ConnectionStatus chip = ConnectionStatus.of(refused, null, true, null, NOW, ZoneOffset.UTC);
        assertThat(LogStreamWords.refused((StreamState.Stopped) refused)).isEqualTo(chip.detail())
                .isEqualTo("authentication failed: the agent refused the token");
        assertThat(LogStreamWords.header(refused)).isEqualTo(chip.text()).isEqualTo("authentication failed");
    }

    @Test
    void aRevokedTokenIsTypedNotReadFromTheMessage() {
        StreamState.Stopped revoked = new StreamState.Stopped(StreamState.StopReason.REVOKED, "the token \"ci\" was revoked");
        ConnectionStatus chip = ConnectionStatus.of(revoked, null, true, null, NOW, ZoneOffset.UTC);
        assertThat(chip.kind()).isEqualTo(ConnectionStatus.Kind.UNAUTHORIZED);
        assertThat(LogStreamWords.refused(revoked)).isEqualTo(chip.detail())
                .isEqualTo("authentication failed: the token \"ci\" was revoked");
        assertThat(LogStreamWords.header(revoked)).isEqualTo(chip.text()).isEqualTo("authentication failed");
        // Rotated reads the agent's own words, with no "revoked" in them to look for.
        StreamState.Stopped rotated = new StreamState.Stopped(StreamState.StopReason.REVOKED,
                "the token \"owner\" was replaced by a new one (rotated)");
        assertThat(ConnectionStatus.of(rotated, null, true, null, NOW, ZoneOffset.UTC).detail())
                .isEqualTo("authentication failed: the token \"owner\" was replaced by a new one (rotated)");
        // A plain refusal whose text happens to say "revoked" is not taken for one: the type decides, not the words.
        StreamState.Stopped plain = new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401: revoked?");
        assertThat(ConnectionStatus.of(plain, null, true, null, NOW, ZoneOffset.UTC).detail()).isEqualTo(ConnectionStatus.TOKEN_REFUSED);
        assertThat(ConnectionStatus.of(revoked, null, true, null, NOW, ZoneOffset.UTC).remedy(true))
                .isEqualTo(ConnectionStatus.Remedy.NONE);
        assertThat(ConnectionStatus.of(revoked, null, true, null, NOW, ZoneOffset.UTC).remedy(false))
                .isEqualTo(ConnectionStatus.Remedy.FIX_TOKEN);
    }

    @Test
    void noticesSayWhereTheStreamDroppedAndWhereItCameBack() {
        assertThat(LogStreamWords.lost("the agent closed the connection")).isEqualTo("reconnecting: the agent closed the connection");
        assertThat(LogStreamWords.back(1234)).isEqualTo("live again, resuming after line 1,234");
        assertThat(LogStreamWords.back(0)).isEqualTo("live again");
        assertThat(LogStreamWords.lost("timed out: no data within the heartbeat window", NOW.minusSeconds(45), ZoneOffset.UTC))
                .as("a silent connection's notice says when the agent went quiet, not only when it was noticed")
                .isEqualTo("reconnecting: timed out: no data within the heartbeat window; agent last heard from at 17:01:26");
    }

    @Test
    void anUnreachableAgentReadsAsTheTreeSaysIt() {
        assertThat(LogStreamWords.offline(NOW, ZoneOffset.UTC)).isEqualTo(Offline.since(NOW, ZoneOffset.UTC))
                .isEqualTo("agent offline since 17:02:11");
    }

    @Test
    void aStoppedPaneSaysWhy() {
        assertThat(LogStreamWords.header(new StreamState.Stopped(StreamState.StopReason.ENDED, "job ended"))).isEqualTo("ended");
        assertThat(LogStreamWords.header(new StreamState.Stopped(StreamState.StopReason.NOT_FOUND, "404"))).isEqualTo("not found");
        assertThat(LogStreamWords.header(new StreamState.Stopped(StreamState.StopReason.CLOSED, "closed"))).isEqualTo("closed");
    }
}
