package io.capstan.client.logs;

import io.capstan.client.AgentClient;
import io.capstan.client.internal.DataFields;
import io.capstan.client.internal.ReconnectingStream;
import io.capstan.client.internal.ResumableStream;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.internal.SseEvent;
import io.capstan.client.sse.StreamState;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a service's own runtime log ({@code GET /api/v1/deployments/{d}/services/{s}/logs}) until closed; it
 * never ends on its own. Event ids are {@code <epoch>:<seq>}: a reconnect resumes with the last one as
 * {@code Last-Event-ID}, repeats within an epoch are dropped, and a new epoch (the agent restarted) starts counting
 * afresh and is reported through {@link Listener#onNewEpoch} ({@link LineCursor}). {@code tail} picks where a fresh
 * stream starts. The connection is the client's one resumable stream; this class only says where to read.
 *
 * <p>Start with {@link #start()}, close with {@link #close()}; it does not close the client.
 */
public final class ServiceLogStream implements AutoCloseable {

    /**
     * Receives the log. Line, gap and epoch callbacks run on the OkHttp thread reading the stream, in order;
     * {@link #onState} on whichever thread changed the state, never concurrently with itself. Must not block.
     */
    public interface Listener extends LineListener {
        /** The agent restarted; seqs start again. A view may draw a separator. */
        default void onNewEpoch(String epoch) {
        }

        default void onState(StreamState state) {
        }
    }

    private final String deployment;
    private final String service;
    private final int tail;
    private final Listener listener;
    private final LineCursor cursor;
    private final ResumableStream stream;

    public ServiceLogStream(AgentClient client, String deployment, String service, int tail, Listener listener) {
        this(client, deployment, service, tail, listener, AgentClient.HEARTBEAT_WINDOW, null, null);
    }

    /** {@code scheduler} null: one of its own, closed with this; {@code backoff} null: the standard one. */
    public ServiceLogStream(AgentClient client, String deployment, String service, int tail, Listener listener,
                            Duration silence, Scheduler scheduler, Backoff backoff) {
        this.deployment = AgentClient.segment(deployment);
        this.service = AgentClient.segment(service);
        this.tail = tail;
        this.listener = Objects.requireNonNull(listener);
        this.cursor = LineCursor.ofEpochs(listener::onNewEpoch);
        this.stream = new ResumableStream(client, "capstan-svclog-" + deployment + "-" + service, silence, scheduler,
                backoff, new Route(), listener::onState);
    }

    public void start() {
        stream.start();
    }

    public StreamState state() {
        return stream.state();
    }

    public void reconnectNow() {
        stream.reconnectNow();
    }

    /** {@code <epoch>:<seq>} of the last line delivered, or null before the first. */
    public String lastEventId() {
        return cursor.resumeId();
    }

    @Override
    public void close() {
        stream.close();
    }

    private final class Route implements ResumableStream.Route {
        @Override
        public String path() {
            return "/deployments/" + deployment + "/services/" + service + "/logs";
        }

        @Override
        public Map<String, ?> query() {
            return Map.of("tail", tail);
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
            if (cursor.accept(event, listener)) control.healthy();
            // other events are ignored so the protocol can grow
        }
    }
}
