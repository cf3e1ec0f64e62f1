package io.capstan.agent.http;

import io.capstan.protocol.Cursor;
import io.capstan.protocol.ErrorCode;
import io.javalin.http.Context;
import java.util.List;

/**
 * Resume points (shaped as {@link Cursor} says) and numeric query parameters, parsed strictly: a cursor the agent
 * cannot read is a client bug (or a hostile one) and is answered 400, never guessed at. Guessing "from the start" replays a job's whole
 * output, guessing "from now" loses lines.
 */
final class Cursors {
    private Cursors() {
    }

    /** A job log's resume point: {@code Last-Event-ID}, else {@code ?after=}, else 0. */
    static long lineSeq(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) return seq(last, "Last-Event-ID");
        return number(ctx, "after", 0);
    }

    /** {@code Last-Event-ID} (else {@code ?after=} when {@code withQuery}) as {@code <epoch>:<seq>}, or null when absent. */
    static Cursor epochSeq(Context ctx, boolean withQuery) {
        String name = "Last-Event-ID";
        String v = ctx.header(name);
        if ((v == null || v.isBlank()) && withQuery) {
            name = "after";
            v = single(ctx, name);
        }
        if (v == null || v.isBlank()) return null;
        String what = name;
        return Cursor.parseEpochSeq(v).orElseThrow(() -> new ApiException(ErrorCode.BAD_REQUEST, what + " must be <epoch>:<seq>"));
    }

    /**
     * The one rule for an impossible resume point, on every resumable stream: a cursor beyond the last entry its log
     * ever had (in the stream's epoch, where it has one) names entries that never existed: another job's or another
     * service's cursor, a wiped state folder, a broken client. Every entry a client was ever sent exists first, so an
     * honest resume is never past the end. Waiting for the log to reach it would skip everything in between without
     * a trace, and starting anywhere else would be a guess, so it is refused: 416 {@code past_the_end}, naming where
     * the log ends (decision records 117 and 130). Exactly at the end is no error: the stream goes on from there.
     *
     * @param cursor the resume point as the client sent it ({@code 5000}, {@code <epoch>:5000})
     * @param what   whose log and where it ends, for the message: "job j-...: its output ends at line"
     * @param job    the job's id for the error body's {@code job}, else null
     */
    static void refusePastTheEnd(Cursor cursor, long last, String what, String job) {
        if (cursor.seq() > last) {
            throw new ApiException(ErrorCode.PAST_THE_END, "resume point " + cursor + " is past the end of " + what + " " + last,
                    job);
        }
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
        return Cursor.parseSeq(v).orElseThrow(() -> new ApiException(ErrorCode.BAD_REQUEST, name + " must be a non-negative integer"))
                .seq();
    }
}
