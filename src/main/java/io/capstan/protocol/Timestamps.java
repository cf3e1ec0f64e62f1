package io.capstan.protocol;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The protocol carries milliseconds; truncate at the source so a value read back equals the value written. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
