package io.capstan.console.format;

import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What the status bar and the tree say about one agent, from its event stream's state. Pure, so every wording is
 * tested. One clock per state, never two side by side: "live", "reconnecting, next try in 4 s", "offline since
 * 17:02:11, next try in 27 s", "not reached yet, next try in 12 s" (never heard from: no "since", decision record 159),
 * "authentication failed". The reason (plain words from the client's
 * {@code FailureReasons}) goes in {@link #detail()}, which the tree and the chip show as a tooltip.
 *
 * @param word  the one word a badge shows: live, connecting, reconnecting, offline, not reached, authentication failed,
 *              disconnected
 * @param brief the text without its countdown ("offline since 17:02:11"), for a place too narrow for the whole text
 */
public record ConnectionStatus(Kind kind, String text, String detail, String word, String brief) {
    /** The words every place that speaks of a connection uses (the chip, the tree, log panes: {@link LogStreamWords}). */
    public static final String LIVE = StreamWords.LIVE;
    public static final String CONNECTING = StreamWords.CONNECTING;
    public static final String RECONNECTING = StreamWords.RECONNECTING;
    public static final String AUTHENTICATION_FAILED = StreamWords.AUTHENTICATION_FAILED;
    public static final String TOKEN_REFUSED = StreamWords.TOKEN_REFUSED;
    /** The badge's word for an agent never heard from: as short as "reconnecting", so no ladder grows. */
    public static final String NOT_REACHED = "not reached";
    /** Its shortest form, for a status bar or a tree short of room; the tooltip says the whole status. */
    public static final String UNSEEN = "unseen";

    /** Where the connection is. */
    public enum Kind {
        LIVE, CONNECTING, RECONNECTING, OFFLINE, NOT_REACHED, UNAUTHORIZED, CLOSED
    }

    /** The one thing the user can do about it, with the link's words. */
    public enum Remedy {
        NONE(""), RECONNECT_NOW("reconnect now"), FIX_TOKEN("fix token…"), REVIEW_CERTIFICATE("review certificate…");

        private final String label;

        Remedy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Reconnect now while it is down or waiting; fix the token when the agent refused it, except for the console's own
     * agent, whose token the user never typed; nothing while live or connecting.
     */
    public Remedy remedy(boolean embeddedAgent) {
        return remedy(embeddedAgent, null);
    }

    /**
     * As {@link #remedy(boolean)}, but a stream refused in the TLS handshake ({@code reason}: the certificate changed or
     * is not trusted yet) offers the connection dialog, where only the user's decision can help.
     */
    public Remedy remedy(boolean embeddedAgent, String reason) {
        return switch (kind) {
            case RECONNECTING, OFFLINE, NOT_REACHED, CLOSED -> !embeddedAgent && certificateRefused(reason) ? Remedy.REVIEW_CERTIFICATE
                    : Remedy.RECONNECT_NOW;
            case UNAUTHORIZED -> embeddedAgent ? Remedy.NONE : Remedy.FIX_TOKEN;
            case LIVE, CONNECTING -> Remedy.NONE;
        };
    }

    /**
     * @param reason       why the stream last failed, in plain words (null when it never failed)
     * @param reached      whether the agent was ever heard from on this connection (since the console started, or
     *                     since the connection was added or changed); one never reached reads "not reached yet" from its
     *                     first failure on, with no "since": there is no time it was last up (decision record 159)
     * @param offlineSince when the agent was last heard from, once its stream has been down for {@link Offline#GRACE};
     *                     else null
     * @param zone         for the wall-clock time in "offline since"
     */
    public static ConnectionStatus of(StreamState state, String reason, boolean reached, Instant offlineSince, Instant now,
                                      ZoneId zone) {
        if (state instanceof StreamState.Live live) {
            // Why it started afresh, when it had to (a resume point the agent no longer holds): said until the next change.
            return new ConnectionStatus(Kind.LIVE, LIVE, live.note() == null ? "Receiving events" : "Receiving events; " + live.note(),
                    LIVE, LIVE);
        }
        if (state instanceof StreamState.Stopped stopped) {
            if (stopped.refused()) {
                return new ConnectionStatus(Kind.UNAUTHORIZED, AUTHENTICATION_FAILED, StreamWords.refused(stopped),
                        AUTHENTICATION_FAILED, AUTHENTICATION_FAILED);
            }
            return new ConnectionStatus(Kind.CLOSED, "disconnected", stopped.message(), "disconnected", "disconnected");
        }
        String next = state instanceof StreamState.WaitingToRetry waiting
                ? "next try in " + Math.max(0, (Duration.between(now, waiting.nextTryAt()).toMillis() + 999) / 1000) + " s"
                : "trying now";
        String why = reason == null ? "" : ": " + reason;
        boolean tried = state instanceof StreamState.WaitingToRetry
                || state instanceof StreamState.Connecting connecting && connecting.retry();
        if (!reached && tried) {
            // The first failure says it: unlike a lost stream there is nothing shown to grey, so no grace to wait out.
            return new ConnectionStatus(Kind.NOT_REACHED, StreamWords.NOT_REACHED + ", " + next,
                    "This console has not reached the agent yet" + why + ". Nothing is known of it until it answers.",
                    NOT_REACHED, StreamWords.NOT_REACHED);
        }
        if (offlineSince != null) {
            String since = "offline since " + Offline.time(offlineSince, zone);
            return new ConnectionStatus(Kind.OFFLINE, since + ", " + next,
                    "Cannot reach the agent" + why + ". What it showed is unknown until it answers again.", "offline", since);
        }
        if (state instanceof StreamState.WaitingToRetry) {
            return new ConnectionStatus(Kind.RECONNECTING, RECONNECTING + ", " + next, "Lost the event stream" + why, RECONNECTING,
                    RECONNECTING);
        }
        if (state instanceof StreamState.Connecting connecting && connecting.retry()) {
            return new ConnectionStatus(Kind.RECONNECTING, RECONNECTING + "…", "Opening the event stream again" + why, RECONNECTING,
                    RECONNECTING + "…");
        }
        return new ConnectionStatus(Kind.CONNECTING, CONNECTING + "…", "Opening the event stream", CONNECTING, CONNECTING + "…");
    }

    /**
     * For an agent reached through SSH, which part is down: {@code sshUp} false puts "SSH down" first, with ssh's own
     * words in the detail; true with the stream not live puts "agent down (SSH up)". Null (a direct connection) or a
     * live stream leaves the status as it is.
     */
    public ConnectionStatus throughSsh(Boolean sshUp, String sshReason) {
        if (sshUp == null || kind == Kind.LIVE || kind == Kind.UNAUTHORIZED) {
            return this;
        }
        if (!sshUp) {
            return new ConnectionStatus(kind, "SSH down, " + text, "The SSH tunnel is down" + (sshReason == null ? "" : ": " + sshReason)
                    + ". " + (detail == null ? "" : detail), "SSH down", "SSH down, " + brief);
        }
        return new ConnectionStatus(kind, "agent down (SSH up), " + text, "The SSH tunnel is up; the agent behind it does not answer. "
                + (detail == null ? "" : detail), "agent down", "agent down (SSH up), " + brief);
    }

    /**
     * The ways to say this status, longest first and each shorter than the one before: the whole text, the text without
     * its countdown, the one word. A narrow status bar shows the longest one that fits (issue 12: at 1024 px two
     * offline chips with two-digit countdowns ran past the window's edge).
     */
    public List<String> wordings() {
        List<String> wordings = new ArrayList<>(List.of(text));
        for (String shorter : List.of(brief, word, shortWord())) {
            if (shorter.length() < wordings.get(wordings.size() - 1).length()) {
                wordings.add(shorter);
            }
        }
        return List.copyOf(wordings);
    }

    /**
     * The badge's word and, for a long one, a shorter one for a narrow tree: "authentication failed", "auth failed";
     * "not reached", "unseen".
     */
    public List<String> words() {
        return word.equals(shortWord()) ? List.of(word) : List.of(word, shortWord());
    }

    private String shortWord() {
        // "unseen", no longer than "offline": four long-named agents down at 1024 px, one never reached, cut every chip's
        // name below its first eight letters with "not reached" and still with "unreached" (LayoutWindowTest.fourAgentsDown…).
        return AUTHENTICATION_FAILED.equals(word) ? "auth failed" : NOT_REACHED.equals(word) ? UNSEEN : word;
    }

    private static boolean certificateRefused(String reason) {
        return "the agent's certificate changed".equals(reason) || "certificate not trusted yet".equals(reason);
    }
}
