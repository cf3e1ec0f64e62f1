package io.capstan.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream's resume point, the one rule both sides read and write: {@code <seq>} for a job's log, {@code <epoch>:<seq>}
 * for a service log and the event stream (the epoch changes when the agent starts, and seqs start again). It is the
 * {@code id:} of an event and the {@code Last-Event-ID} (or {@code after=}) of a reconnect.
 *
 * @param epoch null for a job log's cursor
 */
public record Cursor(String epoch, long seq) {
    /** A non-negative decimal that fits a long: no sign, no spaces inside, at most 18 digits. */
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    /**
     * {@code <epoch>:<seq>}. The epoch is only checked for shape (no colon, no space): one of another run is no error,
     * it means a fresh start; the seq must be a number whatever the epoch.
     */
    private static final Pattern EPOCH_SEQ = Pattern.compile("([^:\\s]{1,64}):([0-9]{1,18})");

    public static Cursor of(long seq) {
        return new Cursor(null, seq);
    }

    public static Cursor of(String epoch, long seq) {
        return new Cursor(epoch, seq);
    }

    /** {@code <seq>}, surrounding spaces allowed; empty when it is not one. */
    public static Optional<Cursor> parseSeq(String text) {
        String s = text == null ? "" : text.strip();
        return SEQ.matcher(s).matches() ? Optional.of(of(Long.parseLong(s))) : Optional.empty();
    }

    /** {@code <epoch>:<seq>}, surrounding spaces allowed; empty when it is not one. */
    public static Optional<Cursor> parseEpochSeq(String text) {
        Matcher m = EPOCH_SEQ.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(of(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /** The event id: {@code <seq>} or {@code <epoch>:<seq>}. */
    @Override
    public String toString() {
        return epoch == null ? Long.toString(seq) : epoch + ":" + seq;
    }
}
