package io.capstan.client;

import io.capstan.client.sse.StreamState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The words every client says about a stream's connection: the console's status chip, tree tooltip, log pane headers
 * and notices, saved logs, and the command line's {@code logs --follow} and {@code run --wait}. One place, so an outage
 * or a refused token reads the same wherever it is shown (issue 12), beside {@link FailureReasons}, which words the
 * causes. Pure; {@code StreamWordsTest} holds every wording. The console adds its own on top (offline since, clocks).
 */
public final class StreamWords {
    public static final String LIVE = "live";
    public static final String CONNECTING = "connecting";
    public static final String RECONNECTING = "reconnecting";
    /**
     * A stream whose client has never heard from its agent: not "reconnecting" (it never connected) and never a "since"
     * (there is no time it was last up). Decision record 159.
     */
    public static final String NOT_REACHED = "not reached yet";
    /**
     * A stream that has never been live while its agent has been heard from (its event stream, a call, another stream):
     * not "not reached" (the agent was), not "reconnecting" (this stream never connected). Decision record 160.
     */
    public static final String NOT_CONNECTED = "not connected yet";
    public static final String AUTHENTICATION_FAILED = "authentication failed";
    /** A refusal the agent did not explain: a wrong token, or a Host it does not accept. */
    public static final String TOKEN_REFUSED = AUTHENTICATION_FAILED + ": the agent refused the token";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private StreamWords() {
    }

    /**
     * A stream the agent refused: "authentication failed: the token "ci" was revoked" when it knows the token and said
     * why ({@link StreamState.StopReason#REVOKED}, typed by the client from the agent's reason), else
     * {@link #TOKEN_REFUSED}.
     */
    public static String refused(StreamState.Stopped stopped) {
        if (stopped.reason() == StreamState.StopReason.REVOKED && stopped.message() != null && !stopped.message().isBlank()) {
            return AUTHENTICATION_FAILED + ": " + stopped.message();
        }
        return TOKEN_REFUSED;
    }

    /**
     * A stream's connection, from what is known of its {@code agent} ({@code reached}: heard from by any stream or call of
     * its client, or by the console's connection to it) and of the stream itself ({@code wasLive}: it has been live).
     * A stream of a reached agent that has never been live is "not connected yet…" / "not connected yet: timed out",
     * never "not reached yet" (the agent was) nor "reconnecting" (it never connected). Decision records 159 and 160.
     */
    public static String header(StreamState state, boolean reached, boolean wasLive) {
        if (state instanceof StreamState.Connecting c && c.retry()) {
            return stem(reached, wasLive) + "…";
        }
        if (state instanceof StreamState.WaitingToRetry w) {
            return withCause(stem(reached || w.lastContact() != null, wasLive), w.cause());
        }
        return header(state);
    }

    /**
     * What a stream that is not live is, in a word or three: "not reached yet" (its agent never heard from), "not
     * connected yet" (the agent was, this stream never was live), "reconnecting" (it was live).
     */
    public static String stem(boolean reached, boolean wasLive) {
        return !reached ? NOT_REACHED : !wasLive ? NOT_CONNECTED : RECONNECTING;
    }

    /**
     * A stream's connection in a few words: "live", "reconnecting: connection refused", "not reached yet: connection
     * refused" (its client never heard from the agent), "authentication failed".
     */
    public static String header(StreamState state) {
        if (state instanceof StreamState.Live) {
            return LIVE;
        }
        if (state instanceof StreamState.Connecting c) {
            return (c.retry() ? RECONNECTING : CONNECTING) + "…";
        }
        if (state instanceof StreamState.WaitingToRetry w) {
            return w.lastContact() == null ? notReached(w.cause()) : lost(w.cause());
        }
        if (state instanceof StreamState.Stopped s) {
            return switch (s.reason()) {
                case UNAUTHORIZED, REVOKED -> AUTHENTICATION_FAILED;
                case ENDED -> "ended";
                case NOT_FOUND -> "not found";
                case CLOSED -> "closed";
                case REJECTED -> "refused";
            };
        }
        return "";
    }

    /**
     * A log the agent refused to go on with (a resume point past the end of what it holds, after its history was wiped or
     * it came back with older state; a malformed one), and where the reader stopped: "stopped after line 1,234: the
     * agent refused to go on with this log: HTTP 416: ... its output ends at line 17". The same words in a pane and in
     * the CLI; the lines it no longer holds cannot be fetched again, so the log stops rather than waits or retries.
     */
    public static String rejected(StreamState.Stopped stopped, long lastSeq) {
        String where = lastSeq > 0 ? String.format("stopped after line %,d", lastSeq) : "stopped before its first line";
        return where + ": the agent refused to go on with this log: " + stopped.message();
    }

    /** Where the stream dropped: "reconnecting: connection refused". */
    public static String lost(String cause) {
        return withCause(RECONNECTING, cause);
    }

    /**
     * Where the stream dropped, with when the agent was last heard from ({@link StreamState.WaitingToRetry#lastContact}),
     * which for a silent connection is a whole silence window before the drop is noticed: "reconnecting: timed out: no
     * data within the heartbeat window; agent last heard from at 17:02:11" (the wall-clock time in {@code zone}). Decision
     * record 151. Without a last contact this client has never heard from the agent, so nothing dropped: "not reached
     * yet: connection refused" (decision record 159).
     */
    public static String lost(String cause, Instant lastContact, ZoneId zone) {
        if (lastContact == null) {
            return notReached(cause);
        }
        return lost(cause) + "; agent last heard from at " + TIME.format(lastContact.atZone(zone));
    }

    /**
     * As {@link #lost(String, Instant, ZoneId)}, for a stream that knows whether it was ever live ({@code wasLive}): one
     * that never was, of an agent heard from, did not drop: "not connected yet: timed out: no data within the heartbeat
     * window; agent last heard from at 17:02:11" (decision record 160).
     */
    public static String lost(String cause, Instant lastContact, ZoneId zone, boolean wasLive) {
        if (wasLive || lastContact == null) {
            return lost(cause, lastContact, zone);
        }
        return withCause(NOT_CONNECTED, cause) + "; agent last heard from at " + TIME.format(lastContact.atZone(zone));
    }

    /** A stream that has not reached its agent yet: "not reached yet: connection refused". */
    public static String notReached(String cause) {
        return withCause(NOT_REACHED, cause);
    }

    private static String withCause(String words, String cause) {
        return cause == null || cause.isBlank() ? words : words + ": " + cause;
    }

    /** Where it came back: "live again, resuming after line 1,234". */
    public static String back(long lastSeq) {
        return lastSeq > 0 ? String.format("%s again, resuming after line %,d", LIVE, lastSeq) : LIVE + " again";
    }

    /**
     * As {@link #back(long)} for a stream that {@code wasLive} before (or read a line): one that never was goes "live",
     * not "live again", whether its agent was not reached yet (decision record 159) or was and this stream had not
     * connected yet (decision record 160).
     */
    public static String back(long lastSeq, boolean wasLive) {
        return wasLive || lastSeq > 0 ? back(lastSeq) : LIVE;
    }

    /** Whether {@code state} shows its agent was heard from: a live stream, or a retry that carries a last contact. */
    public static boolean reached(StreamState state) {
        return state instanceof StreamState.Live || state instanceof StreamState.WaitingToRetry w && w.lastContact() != null;
    }
}
