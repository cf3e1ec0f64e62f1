package io.capstan.agent.http;

import io.capstan.agent.AgentConfig;
import io.capstan.agent.Engine;
import io.capstan.agent.audit.AuditLog;
import io.capstan.agent.auth.TokenRegistry;
import io.capstan.protocol.TokenRefusal;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.events.EventHub;
import io.capstan.agent.logs.LineLog;
import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Cursor;
import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Sequenced;
import io.capstan.protocol.TargetName;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three Server-Sent Event routes (job output, service log, agent events). Each stream parks its request
 * thread in a loop that waits for news in slices and writes a {@code : ping} whenever nothing was written for the
 * ping interval. Writing is the only way the agent learns that a client went away (TCP tells nothing to a side
 * that does not write), so the ping interval also bounds how long a dropped client keeps its slot and thread:
 * about two intervals (the first write after the close still succeeds, the peer's reset fails the next one).
 */
final class StreamRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    /** Lines read from the log per batch: about 125 KB of 100-byte lines, one flush when the reader is behind. */
    private static final int CHUNK = 1000;

    /** What a stream follows; counted separately in {@code /info}. */
    enum Kind { EVENTS, JOB_LOG, SERVICE_LOG }

    private final Engine engine;
    private final AgentConfig config;
    private final Messages.AgentInfo info;
    private final Function<String, Job> jobs;
    private final TokenRegistry tokens;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Kind, AtomicInteger> byKind = new EnumMap<>(Kind.class);
    private volatile boolean closing;
    private volatile Runnable streamHook = () -> { };

    /** @param jobs finds a job or throws the route's 404 */
    StreamRoutes(Engine engine, Messages.AgentInfo info, Function<String, Job> jobs, TokenRegistry tokens) {
        this.tokens = tokens;
        this.engine = engine;
        this.config = engine.config();
        this.info = info;
        this.jobs = jobs;
        for (Kind k : Kind.values()) byKind.put(k, new AtomicInteger());
    }

    int open() {
        return open.get();
    }

    Messages.StreamCounts counts() {
        return new Messages.StreamCounts(open.get(), byKind.get(Kind.EVENTS).get(), byKind.get(Kind.JOB_LOG).get(),
                byKind.get(Kind.SERVICE_LOG).get(), config.maxStreams());
    }

    void streamHook(Runnable hook) {
        this.streamHook = hook == null ? () -> { } : hook;
    }

    /** Ends every stream's loop at its next wake-up. */
    void close() {
        closing = true;
    }

    /** {@code text/event-stream} anywhere in the Accept list, which may come on more than one header line. */
    static boolean wantsStream(Context ctx) {
        java.util.Enumeration<String> accept = ctx.req().getHeaders("Accept");
        while (accept != null && accept.hasMoreElements()) {
            if (accept.nextElement().toLowerCase(Locale.ROOT).contains("text/event-stream")) return true;
        }
        return false;
    }

    // ---- job output

    void jobLog(Context ctx, String id, LineLog log) throws IOException {
        long after = Cursors.lineSeq(ctx);
        Closing end = sse -> {
            sse.event("end", null, jobs.apply(id));
            return true;
        };
        stream(ctx, Kind.JOB_LOG, sse -> follow(sse, new LogFeed<>(log, after, lines(seq -> Cursor.of(seq).toString(), end)),
                RequestGuard.holder(ctx)));
    }

    // ---- service log

    void serviceLogs(Context ctx, String d, String s, DeploymentRuntime rt) throws IOException {
        if (!rt.serviceNames().contains(s)) throw new ApiException(ErrorCode.NOT_FOUND, "no service " + TargetName.of(d, s).label());
        if (!wantsStream(ctx)) throw new ApiException(ErrorCode.BAD_REQUEST, "this route streams: send Accept: text/event-stream");
        long tail = Cursors.number(ctx, "tail", 200);
        Cursor resume = Cursors.epochSeq(ctx, true);
        LineLog log = engine.serviceLog(d, s);
        String epoch = engine.events().epoch();
        long start = Math.max(0, log.lastSeq() - tail);
        if (resume != null && resume.epoch().equals(epoch)) {
            Cursors.refusePastTheEnd(resume, log.lastSeq(),
                    "the log of " + TargetName.of(d, s).label() + " in this epoch: it ends at line", null);
            start = resume.seq();
        } else if (resume != null) {
            // Another epoch (the agent restarted since): everything of this one is new to the client.
            start = 0;
        }
        long from = start;
        // A service's log never ends on its own: the stream lasts until the client leaves or the agent stops.
        Closing never = sse -> false;
        stream(ctx, Kind.SERVICE_LOG, sse -> follow(sse, new LogFeed<>(log, from, lines(seq -> Cursor.of(epoch, seq).toString(), never)),
                RequestGuard.holder(ctx)));
    }

    // ---- events

    void events(Context ctx) throws IOException {
        if (!wantsStream(ctx)) throw new ApiException(ErrorCode.BAD_REQUEST, "this route streams: send Accept: text/event-stream");
        EventHub hub = engine.events();
        Cursor last = Cursors.epochSeq(ctx, false);
        if (last != null && last.epoch().equals(hub.epoch())) {
            Cursors.refusePastTheEnd(last, hub.lastSeq(), "this agent's events in this epoch: the last is event", null);
        }
        boolean resumed = last != null && last.epoch().equals(hub.epoch()) && hub.holdsAfter(last.seq());
        long start = resumed ? last.seq() : hub.lastSeq();
        stream(ctx, Kind.EVENTS, sse -> {
            sse.event("hello", null, new Messages.Hello(info.id(), hub.epoch(), start, resumed));
            follow(sse, new LogFeed<>(hub, start, events(hub.epoch())), RequestGuard.holder(ctx));
        });
    }

    // ---- the one streaming loop

    /** What a stream follows: something numbered that grows, read from a cursor. */
    private interface Feed {
        /** Writes (buffered) what is new after the cursor and moves it; false when there was nothing new. */
        boolean next(SseWriter sse) throws IOException;

        /** True when nothing more will come; writes the closing event, if any. */
        boolean finished(SseWriter sse) throws IOException;

        /** Waits until something may be new after the cursor, or the time is up. */
        void await(long timeoutMillis) throws InterruptedException;
    }

    /**
     * Every stream: write what is new, and only when caught up flush and wait for news in slices, pinging when idle.
     * A reader behind the producer therefore gets full batches and one flush per batch the socket takes, never one per
     * line; a reader that keeps up gets each line flushed as soon as the wait would start.
     */
    private void follow(SseWriter sse, Feed feed, RequestGuard.Holder who) throws IOException, InterruptedException {
        long ping = Math.max(1, config.pingInterval().toMillis());
        while (!closing) {
            TokenRefusal refusal = who == null ? null : tokens.refusal(who.name(), who.sha256());
            if (refusal != null) {
                refused(sse, who.name(), refusal);
                return;
            }
            if (feed.next(sse)) continue;
            if (feed.finished(sse)) {
                sse.flush();
                return;
            }
            sse.flush();
            streamHook.run();
            feed.await(Math.min(ping, 1000));
            sse.pingIfIdle(ping);
        }
    }

    /**
     * The token that opened this stream was revoked or rotated: a last event says so, with the reason, then the stream
     * ends. Checked before every batch and at every wake-up (at least once a ping interval), so a revoke reaches open
     * streams within about one interval; the client stops instead of reconnecting into a 401.
     */
    private static void refused(SseWriter sse, String who, TokenRefusal refusal) throws IOException {
        ErrorBody body = ErrorBody.refused(refusal, who);
        AuditLog.denied(who, "stream", body.error().message(), java.time.Instant.now());
        sse.event("revoked", null, body);
        sse.flush();
    }

    /** How a stream writes the entries of its log, what a gap in them means, and what it says when the log closes. */
    private interface Shape<E> {
        void write(SseWriter sse, List<E> entries) throws IOException;

        /** Writes the gap and returns true to go on after it, or false to end the stream there. */
        boolean gap(SseWriter sse, SeqLog.Gap gap) throws IOException;

        /** The log is closed and read to its end: writes the closing event, if any; true ends the stream. */
        boolean end(SseWriter sse) throws IOException;
    }

    /** A line log: {@code lines} batches and {@code gap}s, every id through {@code idOf} ({@code seq} or {@code epoch:seq}). */
    private static Shape<Line> lines(LongFunction<String> idOf, Closing end) {
        return new Shape<>() {
            @Override
            public void write(SseWriter sse, List<Line> entries) throws IOException {
                sse.lines(entries, idOf);
            }

            @Override
            public boolean gap(SseWriter sse, SeqLog.Gap gap) throws IOException {
                sse.event("gap", idOf.apply(gap.to()), new Messages.Gap(gap.from(), gap.to()));
                return true;
            }

            @Override
            public boolean end(SseWriter sse) throws IOException {
                return end.write(sse);
            }
        };
    }

    /**
     * The agent's events, one SSE event each, named by the event and identified {@code epoch:seq}. A reader that fell
     * behind retention is let go: its reconnect gets {@code resumed: false} and refetches (the stream has no gap event).
     */
    private static Shape<Messages.AgentEvent> events(String epoch) {
        return new Shape<>() {
            @Override
            public void write(SseWriter sse, List<Messages.AgentEvent> entries) throws IOException {
                for (Messages.AgentEvent e : entries) sse.event(e, Cursor.of(epoch, e.seq()).toString());
            }

            @Override
            public boolean gap(SseWriter sse, SeqLog.Gap gap) {
                return false;
            }

            @Override
            public boolean end(SseWriter sse) {
                return true;
            }
        };
    }

    /** What a stream writes when its log is closed; true ends the stream. */
    @FunctionalInterface
    private interface Closing {
        boolean write(SseWriter sse) throws IOException;
    }

    /** A numbered log from a cursor, written in its stream's shape. */
    private static final class LogFeed<E extends Sequenced> implements Feed {
        private final SeqLog<E> log;
        private final Shape<E> shape;
        private long cursor;
        private boolean cut;

        LogFeed(SeqLog<E> log, long after, Shape<E> shape) {
            this.log = log;
            this.cursor = after;
            this.shape = shape;
        }

        @Override
        public boolean next(SseWriter sse) throws IOException {
            SeqLog.Chunk<E> c = log.read(cursor, CHUNK);
            if (c.gap() != null) {
                if (!shape.gap(sse, c.gap())) {
                    cut = true;
                    return false;
                }
                cursor = c.gap().to();
            }
            if (!c.entries().isEmpty()) {
                shape.write(sse, c.entries());
                cursor = c.entries().get(c.entries().size() - 1).seq();
            }
            return !c.isEmpty();
        }

        @Override
        public boolean finished(SseWriter sse) throws IOException {
            if (cut) return true;
            if (!log.isClosed() || cursor < log.lastSeq()) return false;
            return shape.end(sse);
        }

        @Override
        public void await(long timeoutMillis) throws InterruptedException {
            log.awaitAfter(cursor, timeoutMillis);
        }
    }

    // ---- plumbing

    @FunctionalInterface
    private interface StreamBody {
        void run(SseWriter sse) throws IOException, InterruptedException;
    }

    private void stream(Context ctx, Kind kind, StreamBody body) throws IOException {
        if (open.incrementAndGet() > config.maxStreams()) {
            open.decrementAndGet();
            ctx.header("Retry-After", "5");
            throw new ApiException(ErrorCode.UNAVAILABLE, "too many open streams (" + config.maxStreams() + ")");
        }
        AtomicInteger mine = byKind.get(kind);
        mine.incrementAndGet();
        try {
            SseWriter sse = new SseWriter(ctx.res());
            body.run(sse);
        } catch (IOException e) {
            LOG.debug("stream closed by client: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.decrementAndGet();
            open.decrementAndGet();
        }
    }
}
