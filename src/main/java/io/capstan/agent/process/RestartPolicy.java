package io.capstan.agent.process;

import java.time.Duration;

/**
 * What to do when a service ends without being asked to: {@code no}, {@code on-failure} (a non-zero exit) or
 * {@code always}; the wait before each restart starts at {@code backoff} and doubles with every crash in a row, up to
 * {@code maxBackoff}; after {@code limit} crashes in a row the service is left down and reported crash-looping. A run
 * that lasted {@code resetAfter} or longer ends a row: the next crash waits {@code backoff} again.
 */
public record RestartPolicy(Mode mode, Duration backoff, Duration maxBackoff, int limit, Duration resetAfter) {

    /** The policy keys' values as written in capstan.yaml. */
    public enum Mode {
        NO("no"), ON_FAILURE("on-failure"), ALWAYS("always");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.wire.equals(text)) return m;
            }
            return null;
        }
    }

    public static final RestartPolicy NONE = new RestartPolicy(Mode.NO, Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
            Duration.ofSeconds(60));

    /** Whether an exit with {@code code} that nobody asked for calls for a restart. */
    boolean restartsAfter(int code) {
        return mode == Mode.ALWAYS || (mode == Mode.ON_FAILURE && code != 0);
    }

    /** The wait before the restart that follows the {@code crashInRow}-th crash in a row (1 for the first). */
    Duration delay(int crashInRow) {
        Duration d = backoff;
        for (int i = 1; i < crashInRow && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** True when the {@code crashInRow}-th crash in a row is one too many: the service is left alone. */
    boolean givesUpAt(int crashInRow) {
        return crashInRow > limit;
    }
}
