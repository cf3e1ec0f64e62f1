package io.capstan.console.format;

import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a log pane says about its stream, in the status chip's words (the client's {@link StreamWords}, which the
 * command line speaks too, plus the console's offline since) with the client's plain reason ({@code FailureReasons}, carried
 * by the stream's state), so the chip, the tree's tooltip, a pane's header and notices, and a saved log all say the
 * same thing of the same outage (issues 12 and 13). Pure; {@code LogStreamWordsTest} holds every wording.
 */
public final class LogStreamWords {

    private LogStreamWords() {
    }

    /** The pane header's connection: "live", "reconnecting: connection refused", "authentication failed", "ended". */
    public static String header(StreamState state) {
        return StreamWords.header(state);
    }

    /**
     * The pane header's connection, from what is known of its agent ({@code reached}: the pane's stream or the console's
     * connection heard from it) and of the pane's own stream ({@code wasLive}): "not reached yet: connection refused",
     * "not connected yet: timed out…", "reconnecting…" ({@link StreamWords#header(StreamState, boolean, boolean)}). A try
     * that has gone {@code waited} without an answer for the grace or longer says so, with the stem that fits: "not
     * connected yet: no answer in 12 s" for a stream of a reached agent stuck in its first connect (a paused agent, a
     * proxy that accepts and never answers, the agent's threads all busy), where the pane once said "agent not reached
     * yet" (decision record 160). {@code waited}: how long the current try has been connecting; null when not connecting.
     */
    public static String header(StreamState state, boolean reached, boolean wasLive, Duration waited) {
        if (state instanceof StreamState.Connecting && waited != null && waited.compareTo(Offline.GRACE) >= 0) {
            return StreamWords.stem(reached, wasLive) + ": " + noAnswer(waited);
        }
        return StreamWords.header(state, reached, wasLive);
    }

    /** "no answer in 12 s", "no answer in 1 m 05 s": how long a try has gone unanswered, in whole seconds. */
    public static String noAnswer(Duration waited) {
        return "no answer in " + Durations.format(Duration.ofSeconds(waited.toSeconds()));
    }

    /** The header's short form, without the reason: "reconnecting". */
    public static String word(StreamState state) {
        return word(header(state));
    }

    /** The short form of a header: its words before the reason ("not connected yet" of "not connected yet: ..."). */
    public static String word(String header) {
        int colon = header.indexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    /** The notice where the stream dropped: "reconnecting: connection refused". */
    public static String lost(String cause) {
        return StreamWords.lost(cause);
    }

    /**
     * The notice where the stream dropped, with when the agent was last heard from, which for a silent connection is
     * a whole silence window before the notice's own time: "reconnecting: timed out: no data within the heartbeat
     * window; agent last heard from at 17:02:11". Without a last contact, as {@link #lost(String)}.
     */
    public static String lost(String cause, Instant lastContact, ZoneId zone) {
        return StreamWords.lost(cause, lastContact, zone);
    }

    /**
     * The notice where the stream dropped, for a stream that knows whether it was ever live: one that never was, of an
     * agent heard from, reads "not connected yet: ...; agent last heard from at 17:02:11" (decision record 160).
     */
    public static String lost(String cause, Instant lastContact, ZoneId zone, boolean wasLive) {
        return StreamWords.lost(cause, lastContact, zone, wasLive);
    }

    /** The notice where it came back: "live again, resuming after line 1,234". */
    public static String back(long lastSeq) {
        return StreamWords.back(lastSeq);
    }

    /** As {@link #back(long)}, but plain "live" for a stream that was never live before (decision records 159, 160). */
    public static String back(long lastSeq, boolean wasLive) {
        return StreamWords.back(lastSeq, wasLive);
    }

    /**
     * The notice when the agent refused the token: the chip's detail, word for word ("authentication failed: the token
     * "ci" was revoked", or "...: the agent refused the token" when it did not say why).
     */
    public static String refused(StreamState.Stopped stopped) {
        return StreamWords.refused(stopped);
    }

    /**
     * A pane's notice where the agent refused the token: what happened in the chip's words, then what comes next and
     * what to do: "... was revoked. This log stopped after line 1,234 and goes on from there once the connection has a
     * valid token (fix token… on the status bar, or a new token in the agent's state folder for This computer)".
     */
    public static String refusedHere(StreamState.Stopped stopped, long lastSeq) {
        String where = lastSeq > 0 ? String.format("stopped after line %,d and goes on from there", lastSeq)
                : "goes on from its start";
        return refused(stopped) + ". This log " + where + " once the connection has a valid token (\"fix token…\" on"
                + " the status bar; This computer reads a rotated token by itself)";
    }

    /**
     * A pane's header once its agent has been down for the grace: "agent offline since 17:02:11", or "agent not reached
     * yet" when the client never heard from it ({@code lastContact} null: a pane reopened at start for an agent that is
     * down), rather than a time that would read as when it was last up (decision record 159).
     */
    public static String offline(Instant lastContact, ZoneId zone) {
        return lastContact == null ? Offline.NOT_REACHED : Offline.since(lastContact, zone);
    }

    /**
     * What a pane whose stream has been down for the grace says of its agent, asking the console's connection first:
     * "agent offline since 17:02:11" once the connection says so, with its time (the agent's last contact); "agent not
     * reached yet" when neither the connection nor the pane ever heard from it; null when the agent was reached and its
     * connection does not call it offline (live, or within its own grace): the trouble is this stream's, and the pane
     * says so in its own words ({@link #header(StreamState, boolean, boolean, Duration)}), never an offline time the agent
     * did not have (decision record 160). With no connection to ask ({@link AgentReach#UNKNOWN}), the pane's own stream
     * decides, as {@link #offline(Instant, ZoneId)} of its last contact ({@code heardUntil}) if it reached the agent.
     */
    public static String agentDown(AgentReach agent, boolean streamReached, Instant heardUntil, ZoneId zone) {
        if (!agent.known()) {
            return offline(streamReached ? heardUntil : null, zone);
        }
        if (agent.offlineSince() != null) {
            return Offline.since(agent.offlineSince(), zone);
        }
        return agent.reached() || streamReached ? null : Offline.NOT_REACHED;
    }
}
