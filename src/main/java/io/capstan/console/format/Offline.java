package io.capstan.console.format;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * When an agent's data stops being true, and how to say so: "agent offline since 17:02:11".
 */
public final class Offline {

    /**
     * How long an agent's event stream may be down before what the console shows of it is called unknown. Long
     * enough that a blip (a cut connection comes back at the first backoff step, about half a second; an agent
     * restart takes one or two seconds) never greys the window; short enough that nobody acts on a row that stopped
     * being true a while ago. Decision record 46.
     */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Offline() {
    }

    /** {@code agent offline since 17:02:11}, the wall-clock time in {@code zone}. */
    public static String since(Instant since, ZoneId zone) {
        return "agent offline since " + time(since, zone);
    }

    /**
     * What a place that would say "agent offline since" says of an agent never heard from: {@code agent not reached yet}.
     * There is no time it was last up, and the time of the first failed try would read as one (decision record 159).
     */
    public static final String NOT_REACHED = "agent not reached yet";

    /** {@code agent offline since 17:02:11: connection refused}; the reason is left out when unknown. */
    public static String since(Instant since, ZoneId zone, String reason) {
        return since(since, zone) + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** {@code 17:02:11}. */
    public static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }

    /** Whether a stream down since {@code downSince} has been down for the grace by {@code now}. */
    public static boolean graceOver(Instant downSince, Instant now) {
        return downSince != null && !now.isBefore(downSince.plus(GRACE));
    }
}
