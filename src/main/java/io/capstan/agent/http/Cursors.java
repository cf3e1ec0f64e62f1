package io.capstan.agent.http;

import io.capstan.protocol.ErrorCode;
import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resume points and numeric query parameters, parsed strictly: a cursor the agent cannot read is a client bug
 * (or a hostile one) and is answered 400, never guessed at. Guessing "from the start" replays a job's whole
 * output, guessing "from now" loses lines.
 */
final class Cursors {
    /** A non-negative decimal that fits a long: no sign, no spaces inside, at most 18 digits. */
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    /**
     * {@code <epoch>:<seq>}. The epoch is only checked for shape (no colon, no space): one of another run is no
     * error, it means a fresh start; the seq must be a number whatever the epoch.
     */
    private static final Pattern EPOCH_SEQ = Pattern.compile("([^:\\s]{1,64}):([0-9]{1,18})");

    /** An event id with its two parts. */
    record EpochSeq(String epoch, long seq) {
    }

    private Cursors() {
    }

    /** A job log's resume point: {@code Last-Event-ID}, else {@code ?after=}, else 0. */
    static long lineSeq(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) return seq(last, "Last-Event-ID");
        return number(ctx, "after", 0);
    }

    /** {@code Last-Event-ID} (else {@code ?after=} when {@code withQuery}) as {@code <epoch>:<seq>}, or null when absent. */
    static EpochSeq epochSeq(Context ctx, boolean withQuery) {
        String name = "Last-Event-ID";
        String v = ctx.header(name);
        if ((v == null || v.isBlank()) && withQuery) {
            name = "after";
            v = single(ctx, name);
        }
        if (v == null || v.isBlank()) return null;
        Matcher m = EPOCH_SEQ.matcher(v.strip());
        if (!m.matches()) throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be <epoch>:<seq>");
        return new EpochSeq(m.group(1), Long.parseLong(m.group(2)));
    }

    /** The one value of a query parameter, or null; given twice it is ambiguous, and refused. */
    static String single(Context ctx, String name) {
        List<String> all = ctx.queryParams(name);
        if (all.size() > 1) throw new ApiException(ErrorCode.BAD_REQUEST, "query parameter " + name + " given more than once");
        return all.isEmpty() ? null : all.get(0);
    }

    /** A non-negative integer query parameter, {@code dflt} when absent or empty. */
    static long number(Context ctx, String name, long dflt) {
        String v = single(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        return seq(v, name);
    }

    private static long seq(String v, String name) {
        String s = v.strip();
        if (!SEQ.matcher(s).matches()) throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be a non-negative integer");
        return Long.parseLong(s);
    }
}
