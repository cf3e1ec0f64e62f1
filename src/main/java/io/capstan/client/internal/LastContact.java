package io.capstan.client.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When one agent was last heard from: the last read that brought bytes on any of its streams (a line, an event, a
 * {@code : ping} comment, a stream's answer head) and the last successful answer to a call. A stream's failure is
 * noticed only when its silence window ends (45 s after the last byte for a paused agent, a dead path or a half-open
 * connection), so the moment of the failure says nothing about when the agent stopped answering; this does. Decision
 * record 151.
 *
 * <p>Thread-safe. {@link #heard()} is one clock read and, when the time moved, one compare-and-set, so every read of
 * a stream can afford it (a read is up to 64 KiB). Millisecond precision: what it feeds is shown to the second.
 */
public final class LastContact {
    private static final long NEVER = Long.MIN_VALUE;

    private final Clock clock;
    private final AtomicLong millis = new AtomicLong(NEVER);

    /** @param clock what stamps a contact; the stream's scheduler's clock in tests, so one time runs through both */
    public LastContact(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** The agent was heard from now. Never moves the contact back (streams read on several threads). */
    public void heard() {
        long now = clock.millis();
        if (now > millis.get()) {
            millis.accumulateAndGet(now, Math::max);
        }
    }

    /** The last contact; null before the first. */
    public Instant last() {
        long m = millis.get();
        return m == NEVER ? null : Instant.ofEpochMilli(m);
    }

    /** {@code in}, with every read that returns bytes counted as contact (the end of the stream is not). */
    public InputStream watching(InputStream in) {
        return new FilterInputStream(Objects.requireNonNull(in)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) heard();
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0) heard();
                return n;
            }
        };
    }
}
