package io.capstan.client.logs;

import io.capstan.client.AgentClient;
import io.capstan.client.internal.DataFields;
import io.capstan.client.internal.ReconnectingStream;
import io.capstan.client.internal.ResumableStream;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.internal.SseEvent;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Job;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Follows one job's output ({@code GET /api/v1/jobs/{id}/log} as SSE) and delivers every line exactly once, in
 * order, across any number of reconnects (failure row 17): each connection resumes after the last seq delivered
 * ({@code after=} and {@code Last-Event-ID}), and a line whose seq is not above it is dropped as a repeat
 * ({@link LineCursor}). Lines the agent no longer retains arrive as one {@link Listener#onGap}. The stream stops for
 * good on {@code end} ({@link Listener#onEnd} with the terminal job), on 404 ({@link Listener#onNotFound}: the job no
 * longer exists), on 401/403, or on {@link #close()}. The connection, its backoff and its scheduler are the client's
 * one resumable stream; this class only says where to read and what {@code end} means.
 *
 * <p>Start it with {@link #start()} and close it when the view goes away; it does not close the client.
 */
public final class JobLogStream implements AutoCloseable {

    /**
     * Receives the job's output. Line, gap and end callbacks run on the OkHttp thread that reads the stream, one at
     * a time and in seq order; {@link #onState} runs on whichever thread changed the state, never concurrently with
     * another {@code onState}. Callbacks must be quick and must not block (batch lines off-thread for a UI).
     */
    public interface Listener extends LineListener {
        /** The job ended and every retained line was delivered; the stream is stopped. */
        default void onEnd(Job job) {
        }

        /** The job does not exist (any more); the stream is stopped and will not retry. */
        default void onNotFound(String jobId) {
        }

        default void onState(StreamState state) {
        }
    }

    private final String jobId;
    private final Listener listener;
    private final LineCursor cursor;
    private final ResumableStream stream;

    /** Follows from the first line, with production timeouts and its own scheduler thread. */
    public JobLogStream(AgentClient client, String jobId, Listener listener) {
        this(client, jobId, 0, listener, AgentClient.HEARTBEAT_WINDOW, null, null);
    }

    /**
     * @param after     resume after this seq (0 for the whole output): a reopened pane passes what it holds
     * @param silence   time without a byte before the connection is declared dead
     * @param scheduler null for a scheduler of its own, closed with this stream
     * @param backoff   null for the standard backoff
     */
    public JobLogStream(AgentClient client, String jobId, long after, Listener listener, Duration silence,
                        Scheduler scheduler, Backoff backoff) {
        this.jobId = AgentClient.segment(jobId);
        this.listener = Objects.requireNonNull(listener);
        this.cursor = LineCursor.ofSeq(after);
        this.stream = new ResumableStream(client, "capstan-log-" + jobId, silence, scheduler, backoff, new Route(),
                this::onState);
    }

    public void start() {
        stream.start();
    }

    public StreamState state() {
        return stream.state();
    }

    /** The last seq delivered (or skipped by a gap): where the next connection resumes. */
    public long lastSeq() {
        return cursor.last();
    }

    public void reconnectNow() {
        stream.reconnectNow();
    }

    @Override
    public void close() {
        stream.close();
    }

    private void onState(StreamState state) {
        listener.onState(state);
        if (state instanceof StreamState.Stopped stopped && stopped.reason() == StreamState.StopReason.NOT_FOUND) {
            listener.onNotFound(jobId);
        }
    }

    private final class Route implements ResumableStream.Route {
        @Override
        public String path() {
            return "/jobs/" + jobId + "/log";
        }

        @Override
        public Map<String, ?> query() {
            return Map.of("after", cursor.last());
        }

        @Override
        public String resumeId() {
            return cursor.resumeId();
        }

        @Override
        public DataFields fields(String type) {
            return cursor.fields(type);
        }

        @Override
        public void onEvent(SseEvent event, ReconnectingStream.Control control) {
            if (cursor.accept(event, listener)) {
                control.healthy();
            } else if ("end".equals(event.type())) {
                Job job = ResumableStream.parse(event, Job.class);
                control.finish("job " + jobId + " ended: " + job.status());
                listener.onEnd(job);
            }
            // other events are ignored so the protocol can grow
        }
    }
}
