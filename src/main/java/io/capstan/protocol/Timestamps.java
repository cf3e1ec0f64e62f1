package io.capstan.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The protocol's timestamps: ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-23T10:15:30.123Z}).
 * Truncate at the source so a value read back equals the value written. {@link #format} and {@link #parse} do that
 * one shape by hand: every stored and served line carries a timestamp, and {@code DateTimeFormatter} spent about a
 * fifth of the agent's time per line (the profile in decision record 60); any other ISO-8601 shape is still read,
 * through {@link Instant#parse}.
 */
public final class Timestamps {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Timestamps() {
    }

    public static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, milliseconds, years 0000-9999; others through {@link Instant#toString}). */
    public static String format(Instant t) {
        long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
        long days = Math.floorDiv(ms, MILLIS_PER_DAY);
        int inDay = (int) Math.floorMod(ms, MILLIS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        if (year < 0 || year > 9999) return t.truncatedTo(ChronoUnit.MILLIS).toString();
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, inDay / 3_600_000, 2);
        c[13] = ':';
        digits(c, 14, inDay / 60_000 % 60, 2);
        c[16] = ':';
        digits(c, 17, inDay / 1000 % 60, 2);
        c[19] = '.';
        digits(c, 20, inDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /** Reads {@link #format}'s shape directly, anything else ISO-8601 through {@link Instant#parse}. */
    public static Instant parse(CharSequence s) {
        if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
            int year = number(s, 0, 4);
            int month = number(s, 5, 2);
            int day = number(s, 8, 2);
            int hour = number(s, 11, 2);
            int minute = number(s, 14, 2);
            int second = number(s, 17, 2);
            int milli = number(s, 20, 3);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60 && milli >= 0) {
                try {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochMilli(days * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L
                            + second * 1000L + milli);
                } catch (DateTimeException e) {
                    throw new DateTimeParseException(e.getMessage(), s, 0, e);
                }
            }
        }
        return Instant.parse(s);
    }

    private static void digits(char[] c, int at, int value, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    /** The decimal number in {@code s[at, at + width)}, or -1 when a character is not a digit. */
    private static int number(CharSequence s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
