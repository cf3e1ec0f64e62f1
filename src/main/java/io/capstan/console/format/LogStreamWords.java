package io.capstan.console.format;

import io.capstan.client.sse.StreamState;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a log pane says about its stream, in the status chip's words ({@link ConnectionStatus}: live, connecting,
 * reconnecting, offline since, authentication failed) with the client's plain reason ({@code FailureReasons}, carried
 * by the stream's state), so the chip, the tree's tooltip, a pane's header and notices, and a saved log all say the
 * same thing of the same outage (issues 12 and 13). Pure; {@code LogStreamWordsTest} holds every wording.
 */
public final class LogStreamWords {

    private LogStreamWords() {
    }

    /** The pane header's connection: "live", "reconnecting: connection refused", "authentication failed", "ended". */
    public static String header(StreamState state) {
        if (state instanceof StreamState.Live) {
            return ConnectionStatus.LIVE;
        }
        if (state instanceof StreamState.Connecting c) {
            return (c.attempt() > 1 ? ConnectionStatus.RECONNECTING : ConnectionStatus.CONNECTING) + "…";
        }
        if (state instanceof StreamState.WaitingToRetry w) {
            return withReason(ConnectionStatus.RECONNECTING, w.cause());
        }
        if (state instanceof StreamState.Stopped s) {
            return switch (s.reason()) {
                case UNAUTHORIZED -> ConnectionStatus.AUTHENTICATION_FAILED;
                case ENDED -> "ended";
                case NOT_FOUND -> "not found";
                case CLOSED -> "closed";
                case REFUSED -> "refused";
            };
        }
        return "";
    }

    /** The header's short form, without the reason: "reconnecting". */
    public static String word(StreamState state) {
        String header = header(state);
        int colon = header.indexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    /** The notice where the stream dropped: "reconnecting: connection refused". */
    public static String lost(String cause) {
        return withReason(ConnectionStatus.RECONNECTING, cause);
    }

    /** The notice where it came back: "live again, resuming after line 1,234". */
    public static String back(long lastSeq) {
        return lastSeq > 0 ? String.format("%s again, resuming after line %,d", ConnectionStatus.LIVE, lastSeq)
                : ConnectionStatus.LIVE + " again";
    }

    /** The notice when the agent refused the token: the chip's detail, word for word. */
    public static String refused() {
        return ConnectionStatus.TOKEN_REFUSED;
    }

    /** A running job's header once its agent has been down for the grace: "agent offline since 17:02:11". */
    public static String offline(Instant since, ZoneId zone) {
        return Offline.since(since, zone);
    }

    private static String withReason(String word, String reason) {
        return reason == null || reason.isBlank() ? word : word + ": " + reason;
    }
}
