package io.capstan.console.logs;

import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
import io.capstan.console.format.Durations;
import io.capstan.console.format.LogStreamWords;
import io.capstan.console.format.StatusStyles;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns what a log stream reports into pane rows, on the stream's threads: each line becomes a {@link LogEntry}
 * (ANSI parsed here, off the FX thread), and the stream's troubles become inline notices in the same order as the
 * lines around them, so the reader sees where the connection dropped, where it resumed and where the agent reported
 * a gap. Numbering and hand-off happen under one lock because lines and state changes arrive on different threads.
 */
public final class LogFeed {

    private final Consumer<LogEntry> sink;
    private final Consumer<List<LogEntry>> batchSink;
    private final Clock clock;
    private long ordinal;
    /** Each source's stream state (one for a job or service pane, one per service in a deployment's). */
    private final java.util.Map<Integer, Stream> streams = new java.util.HashMap<>();

    /** What the notices of one stream depend on. */
    private static final class Stream {
        private long lastSeq;
        private boolean lost;
        /**
         * Whether it was ever live: until then an outage is "not reached yet" (its agent never heard from, the state's
         * missing last contact says) or "not connected yet" (decision record 160), and its first live is no "again".
         */
        private boolean wasLive;
    }

    /**
     * @param sink receives rows in order; any thread (the pane hands them to its frame batcher)
     */
    public LogFeed(Consumer<LogEntry> sink, Clock clock) {
        this(sink, rows -> rows.forEach(sink), clock);
    }

    /**
     * @param sink      receives single rows (notices, lines that came alone) in order; any thread
     * @param batchSink receives the rows of a batch of lines as one list, in the same order as {@code sink}'s rows
     *                  (the pane hands the list to its frame batcher whole: one hand-off a batch, decision record 147)
     */
    public LogFeed(Consumer<LogEntry> sink, Consumer<List<LogEntry>> batchSink, Clock clock) {
        this.sink = Objects.requireNonNull(sink);
        this.batchSink = Objects.requireNonNull(batchSink);
        this.clock = Objects.requireNonNull(clock);
    }

    public synchronized void line(Line line) {
        line(0, line);
    }

    /** A line of source {@code source} (a deployment log's service, 1, 2, ...). */
    public synchronized void line(int source, Line line) {
        Stream s = stream(source);
        s.lastSeq = line.seq();
        s.wasLive = true; // a line read is a live stream, whether or not its state said so first
        sink.accept(LogEntry.of(ordinal++, line, source));
    }

    /** Consecutive lines of one batch, as their stream handed them over. */
    public synchronized void lines(List<Line> lines) {
        lines(0, lines);
    }

    /** Consecutive lines of one batch of source {@code source}: one row each, handed on as one list. */
    public synchronized void lines(int source, List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        LogEntry[] rows = new LogEntry[lines.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = LogEntry.of(ordinal++, lines.get(i), source);
        }
        Stream s = stream(source);
        s.lastSeq = lines.get(lines.size() - 1).seq();
        s.wasLive = true;
        batchSink.accept(Arrays.asList(rows));
    }

    public synchronized void gap(long from, long to) {
        gap(0, from, to);
    }

    public synchronized void gap(int source, long from, long to) {
        stream(source).lastSeq = to;
        notice(source, String.format("lines %,d to %,d are no longer kept by the agent (%,d lines)", from, to, to - from + 1));
    }

    public synchronized void state(StreamState state) {
        state(0, state);
    }

    /** A connection lost is said once per outage, and its end once, with where the pane picked up again. */
    public synchronized void state(int source, StreamState state) {
        Stream s = stream(source);
        if (state instanceof StreamState.Live) {
            if (s.lost) {
                notice(source, LogStreamWords.back(s.lastSeq, s.wasLive));
            }
            s.lost = false;
            s.wasLive = true;
        } else if (state instanceof StreamState.WaitingToRetry waiting) {
            if (!s.lost) {
                notice(source, LogStreamWords.lost(waiting.cause(), waiting.lastContact(), clock.getZone(), s.wasLive));
            }
            s.lost = true;
        } else if (state instanceof StreamState.Stopped stopped) {
            switch (stopped.reason()) {
                case UNAUTHORIZED, REVOKED -> {
                    // Not the end: a renewed token resumes the stream from its cursor, and "live again" says where.
                    notice(source, LogStreamWords.refusedHere(stopped, s.lastSeq));
                    s.lost = true;
                }
                case NOT_FOUND -> notice(source, "the agent no longer has this log");
                case REJECTED -> notice(source, StreamWords.rejected(stopped, s.lastSeq));
                default -> {
                    // closed by the pane or ended: the end notice, if any, says it
                }
            }
        }
    }

    /** A notice of the console's own about one source ("web left the deployment"). */
    public synchronized void note(int source, String text) {
        notice(source, text);
    }

    private Stream stream(int source) {
        return streams.computeIfAbsent(source, k -> new Stream());
    }

    public synchronized void end(Job job) {
        StringBuilder text = new StringBuilder("job ").append(StatusStyles.label(job.status()));
        if (job.exitCode() != null) {
            text.append(", ").append(ExitStatus.describe(job.exitCode()));
        }
        if (job.startedAt() != null && job.finishedAt() != null) {
            text.append(job.exitCode() != null ? ", after " : " after ")
                    .append(Durations.between(job.startedAt(), job.finishedAt(), job.finishedAt()));
        }
        if (job.error() != null && !job.error().isBlank()) {
            text.append(": ").append(job.error());
        }
        notice(text.toString());
    }

    public synchronized void newEpoch(String epoch) {
        newEpoch(0, epoch);
    }

    public synchronized void newEpoch(int source, String epoch) {
        stream(source).lastSeq = 0;
        notice(source, "the agent restarted (epoch " + epoch + "); its log starts again");
    }

    private void notice(String text) {
        notice(0, text);
    }

    private void notice(int source, String text) {
        sink.accept(LogEntry.notice(ordinal++, clock.millis(), text, source));
    }
}
