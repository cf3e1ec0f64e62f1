package io.capstan.client.events;

import io.capstan.client.AgentClient;
import io.capstan.client.internal.ReconnectingStream;
import io.capstan.client.internal.ResumableStream;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.internal.SseEvent;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code GET /api/v1/events} for one agent for as long as its owner wants: reconnects with
 * {@link Backoff} after any failure except 401/403 and 404, resumes with {@code Last-Event-ID} (a resume point the agent
 * refuses as past its end, 416, starts it afresh once, with a note on the live state: {@link Route#startAfresh}), treats
 * {@code silence} without a byte (45 s by default; pings are bytes) as a dead connection, and reports its
 * {@link StreamState} for a UI (CONNECTING, LIVE, WAITING_TO_RETRY, STOPPED).
 *
 * <p>Create it, then {@link #start()}; {@link #close()} it when done (idempotent, safe while a retry is
 * scheduled). It does not close the {@link AgentClient}; it closes the scheduler only when it created it.
 */
public final class EventSubscription implements AutoCloseable {

    /**
     * What the stream says. Threads: event callbacks run on an OkHttp dispatcher thread that reads the
     * stream, one at a time, in stream order; {@link #onState} runs on whichever thread changed the state (the
     * reader, the scheduler, or the caller of {@code close}/{@code reconnectNow}), never concurrently with another
     * {@code onState}. Callbacks must be quick and must not block: hand work to your own executor (a UI batches it
     * onto its UI thread). They must not throw; an exception from an event callback fails the connection.
     */
    public interface Listener {
        default void onState(StreamState state) {
        }

        /** First message of every connection; {@code resumed == false} means: refetch everything you show. */
        default void onHello(Messages.Hello hello) {
        }

        /**
         * Every event after {@code hello}, typed, in seq order. By default handed to the one of {@link #onDeployment},
         * {@link #onDeploymentRemoved}, {@link #onJob} and {@link #onService} that fits; a listener that keeps events (the store) takes
         * them here.
         */
        default void onEvent(Messages.AgentEvent event) {
            if (event instanceof Messages.DeploymentEvent d) {
                onDeployment(d);
            } else if (event instanceof Messages.DeploymentRemoved r) {
                onDeploymentRemoved(r);
            } else if (event instanceof Messages.JobEvent j) {
                onJob(j);
            } else if (event instanceof Messages.ServiceEvent s) {
                onService(s);
            }
        }

        default void onDeployment(Messages.DeploymentEvent event) {
        }

        default void onDeploymentRemoved(Messages.DeploymentRemoved event) {
        }

        default void onJob(Messages.JobEvent event) {
        }

        /** A service crashed, was restarted, started crash-looping or changed health (after its deployment event). */
        default void onService(Messages.ServiceEvent event) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    private final AgentClient client;
    private final Listener listener;
    private final ResumableStream stream;
    private volatile String lastEventId;

    /** Production defaults: the 45 s heartbeat window, the standard backoff, its own scheduler thread. */
    public EventSubscription(AgentClient client, Listener listener) {
        this(client, listener, AgentClient.HEARTBEAT_WINDOW, null, null);
    }

    /**
     * Everything injectable: {@code silence} before a connection is declared dead, the {@code scheduler}
     * (null: one of its own, closed with this) and the {@code backoff} (null: the standard one on the
     * scheduler's clock).
     */
    public EventSubscription(AgentClient client, Listener listener, Duration silence, Scheduler scheduler, Backoff backoff) {
        this(client, listener, silence, scheduler, backoff, null);
    }

    /**
     * As above, resuming after {@code lastEventId} ({@code <epoch>:<seq>}, null for a fresh start): a client that kept
     * its place across its own restart.
     */
    public EventSubscription(AgentClient client, Listener listener, Duration silence, Scheduler scheduler, Backoff backoff,
                             String lastEventId) {
        this.lastEventId = lastEventId;
        this.client = client;
        this.listener = Objects.requireNonNull(listener);
        this.stream = new ResumableStream(client, "capstan-events-" + client.endpoint().name(), silence, scheduler,
                backoff, new Route(), listener::onState);
    }

    public void start() {
        stream.start();
    }

    public StreamState state() {
        return stream.state();
    }

    /** The user's "reconnect now": skips the current backoff wait. */
    public void reconnectNow() {
        stream.reconnectNow();
    }

    /** The id of the last event processed, sent as {@code Last-Event-ID} on the next connection. */
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public void close() {
        stream.close();
    }

    private final class Route implements ResumableStream.Route {
        @Override
        public String path() {
            return "/events";
        }

        @Override
        public String resumeId() {
            return lastEventId;
        }

        /**
         * The agent holds no event at our resume point (416: its history was wiped, or it came back with older state):
         * nothing we show can be trusted to be current, so start as a new epoch would, from its current end; the
         * {@code hello} that follows says {@code resumed: false} and the listener refetches everything. Only with a
         * resume point to drop: a fresh start refused would stop, so this never loops.
         */
        @Override
        public String startAfresh(String message) {
            if (lastEventId == null) return null;
            String note = "the agent's events end before where this console left off (" + message
                    + "): its history was reset or it came back with older state; showing its current state afresh";
            LOG.warn("{}: {}", client.endpoint().name(), note);
            lastEventId = null;
            return note;
        }

        @Override
        public void onEvent(SseEvent event, ReconnectingStream.Control control) {
            if ("hello".equals(event.type())) {
                Messages.Hello hello = ResumableStream.parse(event, Messages.Hello.class);
                control.healthy();
                listener.onHello(hello);
            } else {
                Class<? extends Messages.AgentEvent> type = Messages.AgentEvent.forName(event.type());
                if (type != null) listener.onEvent(ResumableStream.parse(event, type));
                // unknown event types are ignored so the protocol can grow
            }
            // Moved only once the event was handed on: a failure before leaves the resume point where it was.
            if (event.id() != null && !event.id().isEmpty()) lastEventId = event.id();
        }
    }
}
