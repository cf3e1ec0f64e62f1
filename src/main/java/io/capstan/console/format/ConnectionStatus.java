package io.capstan.console.format;

import io.capstan.client.sse.StreamState;
import java.time.Duration;
import java.time.Instant;

/**
 * What the status bar says about one agent, from its event stream's state and whether its data is current. Pure,
 * so every wording is tested: "live", "reconnecting: attempt 3, next try in 4 s", "offline, polling every 15 s",
 * "authentication failed".
 */
public record ConnectionStatus(Kind kind, String text, String detail) {

    /** What the user can do about it: nothing, reconnect now, or fix the token. */
    public enum Kind {
        LIVE, CONNECTING, RECONNECTING, OFFLINE, UNAUTHORIZED, CLOSED
    }

    /**
     * @param polling whether the store is still refreshing by polling while the stream is down
     * @param pollEvery the polling period, shown to the user
     */
    public static ConnectionStatus of(StreamState state, boolean polling, Duration pollEvery, Instant now) {
        if (state instanceof StreamState.Live) {
            return new ConnectionStatus(Kind.LIVE, "live", "Receiving events");
        }
        if (state instanceof StreamState.Connecting connecting) {
            return connecting.attempt() <= 1
                    ? new ConnectionStatus(Kind.CONNECTING, "connecting…", "Opening the event stream")
                    : new ConnectionStatus(Kind.RECONNECTING, "reconnecting: attempt " + connecting.attempt(),
                    "Opening the event stream");
        }
        if (state instanceof StreamState.WaitingToRetry waiting) {
            long seconds = Math.max(0, (Duration.between(now, waiting.nextTryAt()).toMillis() + 999) / 1000);
            String poll = polling ? ", polling every " + pollEvery.toSeconds() + " s" : "";
            Kind kind = waiting.attempt() >= 3 ? Kind.OFFLINE : Kind.RECONNECTING;
            String head = kind == Kind.OFFLINE ? "offline" : "reconnecting";
            return new ConnectionStatus(kind, head + ": attempt " + waiting.attempt() + ", next try in " + seconds + " s" + poll,
                    waiting.cause());
        }
        if (state instanceof StreamState.Stopped stopped) {
            if (stopped.reason() == StreamState.StopReason.UNAUTHORIZED) {
                return new ConnectionStatus(Kind.UNAUTHORIZED, "authentication failed", "The agent refused the token: "
                        + stopped.message());
            }
            return new ConnectionStatus(Kind.CLOSED, "disconnected", stopped.message());
        }
        return new ConnectionStatus(Kind.CONNECTING, "connecting…", "");
    }
}
