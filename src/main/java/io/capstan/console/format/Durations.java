package io.capstan.console.format;

import java.time.Duration;
import java.time.Instant;

/** Short human durations for tables and headers: {@code 850 ms}, {@code 42 s}, {@code 3 m 05 s}, {@code 2 h 10 m}, {@code 4 d 3 h}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        long seconds = millis / 1_000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return String.format("%d m %02d s", minutes, seconds % 60);
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format("%d h %02d m", hours, minutes % 60);
        }
        return String.format("%d d %d h", hours / 24, hours % 24);
    }

    /**
     * How long something has been up, in whole seconds ({@code 0 s}, {@code 42 s}, {@code 3 m 05 s}): an uptime in
     * milliseconds reads as noise and does not fit its column.
     */
    public static String uptime(Instant since, Instant now) {
        if (since == null) {
            return "";
        }
        long seconds = Math.max(0, Duration.between(since, now).toSeconds());
        return seconds == 0 ? "0 s" : format(Duration.ofSeconds(seconds));
    }

    /** Time from {@code from} to {@code to}, or to {@code now} while {@code to} is null; empty when {@code from} is null. */
    public static String between(Instant from, Instant to, Instant now) {
        if (from == null) {
            return "";
        }
        return format(Duration.between(from, to != null ? to : now));
    }
}
