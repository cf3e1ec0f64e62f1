package io.capstan.console.logs;

import io.capstan.protocol.Line;
import java.util.List;

/**
 * One row of a log pane: a line of output, or a notice the console writes itself (connection lost, resumed, a gap
 * the agent reported, the job's end). Kept small because a pane may hold a million of them: the timestamp is epoch
 * milliseconds rather than an {@code Instant}, the text is stored without ANSI escapes, and the colour runs are
 * only present on lines that had escapes.
 *
 * @param ordinal position in the pane since it opened (0, 1, 2, ...); the pane's row store gives every row it holds
 *                its own (its place since the store began), so held rows are contiguous whatever a feed numbered, and the
 *                index of a row in the pane is {@code ordinal - first held ordinal}
 * @param seq     the agent's line number, or 0 for notices
 * @param runs    the line's ANSI colour runs, or an empty list
 * @param source  which of the pane's sources the row comes from (a deployment log's services, 1, 2, ...), or 0 in a
 *                pane with one source
 */
public record LogEntry(long ordinal, long seq, long tsMillis, Kind kind, String text, List<Ansi.Run> runs, int source) {

    /** A row of a pane with one source. */
    public LogEntry(long ordinal, long seq, long tsMillis, Kind kind, String text, List<Ansi.Run> runs) {
        this(ordinal, seq, tsMillis, kind, text, runs, 0);
    }

    /** What a row is; notices are the console's own words, never the agent's. */
    public enum Kind {
        STDOUT, STDERR, SYSTEM, NOTICE
    }

    /** A row for a line of output, with its escapes turned into colour runs. */
    public static LogEntry of(long ordinal, Line line) {
        return of(ordinal, line, 0);
    }

    /** A row for a line of one of the pane's sources. */
    public static LogEntry of(long ordinal, Line line, int source) {
        Ansi.Parsed parsed = Ansi.parse(line.text());
        Kind kind = switch (line.stream()) {
            case STDERR -> Kind.STDERR;
            case SYSTEM -> Kind.SYSTEM;
            default -> Kind.STDOUT;
        };
        long ts = line.ts() == null ? 0 : line.ts().toEpochMilli();
        return new LogEntry(ordinal, line.seq(), ts, kind, parsed.text(), parsed.runs(), source);
    }

    public static LogEntry notice(long ordinal, long tsMillis, String text) {
        return notice(ordinal, tsMillis, text, 0);
    }

    public static LogEntry notice(long ordinal, long tsMillis, String text, int source) {
        return new LogEntry(ordinal, 0, tsMillis, Kind.NOTICE, text, List.of(), source);
    }

    public boolean isNotice() {
        return kind == Kind.NOTICE;
    }
}
