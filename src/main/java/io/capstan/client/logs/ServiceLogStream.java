package io.capstan.client.logs;

import io.capstan.client.AgentClient;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.ReconnectingStream;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.sse.SseEvent;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Cursor;
import io.capstan.protocol.Line;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Follows a service's own runtime log ({@code GET /api/v1/deployments/{d}/services/{s}/logs}) until closed; it
 * never ends on its own. Event ids are {@code <epoch>:<seq>}: a reconnect resumes with the last one as
 * {@code Last-Event-ID}, repeats within an epoch are dropped, and a new epoch (the agent restarted) starts counting
 * afresh and is reported through {@link Listener#onNewEpoch}. {@code tail} picks where a fresh stream starts.
 *
 * <p>Start with {@link #start()}, close with {@link #close()}; it does not close the client.
 */
public final class ServiceLogStream implements AutoCloseable {

    /**
     * Receives the log. Line and gap callbacks run on the OkHttp thread reading the stream, in order;
     * {@link #onState} on whichever thread changed the state, never concurrently with itself. Must not block.
     */
    public interface Listener {
        void onLine(Line line);

        default void onGap(long from, long to) {
        }

        /** The agent restarted; seqs start again. A view may draw a separator. */
        default void onNewEpoch(String epoch) {
        }

        default void onState(StreamState state) {
        }
    }

    private final AgentClient client;
    private final String deployment;
    private final String service;
    private final int tail;
    private final Listener listener;
    private final ReconnectingStream stream;
    private final ExecutorScheduler ownedScheduler;
    private volatile String epoch;
    private final LineCursor cursor = new LineCursor(0);
    private final LineCursor.Sink sink;

    public ServiceLogStream(AgentClient client, String deployment, String service, int tail, Listener listener) {
        this(client, deployment, service, tail, listener, AgentClient.HEARTBEAT_WINDOW, null, null);
    }

    /** {@code scheduler} null: one of its own, closed with this; {@code backoff} null: the standard one. */
    public ServiceLogStream(AgentClient client, String deployment, String service, int tail, Listener listener,
                            Duration silence, Scheduler scheduler, Backoff backoff) {
        this.client = Objects.requireNonNull(client);
        this.deployment = Objects.requireNonNull(deployment);
        this.service = Objects.requireNonNull(service);
        this.tail = tail;
        this.listener = Objects.requireNonNull(listener);
        this.sink = new LineCursor.Sink() {
            @Override
            public void line(Line line) {
                listener.onLine(line);
            }

            @Override
            public void gap(long from, long to) {
                listener.onGap(from, to);
            }
        };
        this.ownedScheduler = scheduler == null ? new ExecutorScheduler("capstan-svclog-" + deployment + "-" + service) : null;
        Scheduler s = scheduler == null ? ownedScheduler : scheduler;
        Backoff b = backoff == null ? Backoff.standard(s.clock()) : backoff;
        this.stream = new ReconnectingStream(client.streamClient(silence), s, b, new Handler(), listener::onState);
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
        String e = epoch;
        return e == null ? null : Cursor.of(e, cursor.last()).toString();
    }

    @Override
    public void close() {
        stream.close();
        if (ownedScheduler != null) ownedScheduler.close();
    }

    private final class Handler implements ReconnectingStream.Handler {
        @Override
        public Request request() {
            HttpUrl url = client.url("/deployments/" + deployment + "/services/" + service + "/logs")
                    .addQueryParameter("tail", Integer.toString(tail)).build();
            Request.Builder r = client.streamRequest(url);
            String id = lastEventId();
            if (id != null) r.header("Last-Event-ID", id);
            return r.build();
        }

        @Override
        public void onEvent(SseEvent event, ReconnectingStream.Control control) {
            if (!"lines".equals(event.type()) && !"gap".equals(event.type())) return;
            control.healthy();
            String eventEpoch = Cursor.parseEpochSeq(event.id()).map(Cursor::epoch).orElse(null);
            if (eventEpoch != null && !eventEpoch.equals(epoch)) {
                boolean first = epoch == null;
                epoch = eventEpoch;
                cursor.restart();
                if (!first) listener.onNewEpoch(eventEpoch);
            }
            cursor.accept(event, sink);
        }
    }

}
