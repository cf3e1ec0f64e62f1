package io.capstan.console.format;

import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
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

    /** As {@link #header(StreamState)}; a new try of a stream never {@code reached} is "not reached yet…" (decision 159). */
    public static String header(StreamState state, boolean reached) {
        return StreamWords.header(state, reached);
    }

    /** The header's short form, without the reason: "reconnecting". */
    public static String word(StreamState state) {
        return word(state, true);
    }

    /** As {@link #word(StreamState)}, for a stream that knows whether its agent was ever {@code reached}. */
    public static String word(StreamState state, boolean reached) {
        String header = header(state, reached);
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

    /** The notice where it came back: "live again, resuming after line 1,234". */
    public static String back(long lastSeq) {
        return StreamWords.back(lastSeq);
    }

    /** As {@link #back(long)}, but plain "live" for a stream that had not reached its agent yet (decision record 159). */
    public static String back(long lastSeq, boolean reached) {
        return StreamWords.back(lastSeq, reached);
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
}
