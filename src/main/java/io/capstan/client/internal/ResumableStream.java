package io.capstan.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.capstan.client.AgentClient;
import io.capstan.client.ProtocolException;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one resumable stream of the client (issue 13): the event subscription, the job log and the service log each
 * hand it a {@link Route} (where to read, where to resume, what an event means) and nothing else. It owns what they
 * used to write three times: the scheduler thread (its own unless one is given), the {@link Backoff}, the
 * {@link ReconnectingStream} over the agent's shared transport, the request with {@code Last-Event-ID}, and the
 * decoding of an event's JSON into the protocol's records (a bad event fails the attempt, which then resumes).
 *
 * <p>Exactly once is the route's: it reports the resume point of what it has passed on ({@link Route#resumeId()}),
 * read afresh before every connection, and drops what it has already passed on. Decision record 67.
 *
 * <p>Threads: as {@link ReconnectingStream}: events on the OkHttp thread reading the stream, one at a time; states on
 * whichever thread changed them, never concurrently. Whoever creates it closes it; it closes the scheduler only when
 * it made it, and never the {@link AgentClient}.
 */
public final class ResumableStream implements AutoCloseable {

    /** What one stream configures. */
    public interface Route {
        /** The route under {@code /api/v1}, starting with a slash. */
        String path();

        /** Query parameters for the next connection (null values left out). */
        default Map<String, ?> query() {
            return Map.of();
        }

        /** The id of the last event passed on, sent as {@code Last-Event-ID}; null for a fresh start. */
        String resumeId();

        /** One event, on the reading thread; a {@link RuntimeException} fails this attempt. */
        void onEvent(SseEvent event, ReconnectingStream.Control control);

        /** A receiver of an event's data fields as they are read (a {@code lines} batch); null collects them. */
        default DataFields fields(String type) {
            return null;
        }

        /** See {@link ReconnectingStream.Handler#startAfresh}: logs stop (lines gone are gone), events start afresh. */
        default String startAfresh(String message) {
            return null;
        }
    }

    private final ReconnectingStream stream;
    private final ExecutorScheduler ownedScheduler;

    /**
     * @param threadName the scheduler thread's name when it makes its own
     * @param silence    time without a byte before the connection is declared dead
     * @param scheduler  null for a scheduler of its own, closed with this stream
     * @param backoff    null for the standard backoff on the scheduler's clock
     */
    public ResumableStream(AgentClient client, String threadName, Duration silence, Scheduler scheduler, Backoff backoff,
                           Route route, Consumer<StreamState> states) {
        Objects.requireNonNull(route);
        Http http = client.transport();
        this.ownedScheduler = scheduler == null ? new ExecutorScheduler(threadName) : null;
        Scheduler s = scheduler == null ? ownedScheduler : scheduler;
        Backoff b = backoff == null ? Backoff.standard(s.clock()) : backoff;
        this.stream = new ReconnectingStream(http.streamClient(silence), s, b, new ReconnectingStream.Handler() {
            @Override
            public okhttp3.Request request() {
                return http.streamRequest(route.path(), route.query(), route.resumeId());
            }

            @Override
            public void onEvent(SseEvent event, ReconnectingStream.Control control) {
                route.onEvent(event, control);
            }

            @Override
            public DataFields fields(String type) {
                return route.fields(type);
            }

            @Override
            public String startAfresh(String message) {
                return route.startAfresh(message);
            }
        }, states, http, http.contact());
    }

    /** Opens the first connection; again, or after close, does nothing. */
    public void start() {
        stream.start();
    }

    public StreamState state() {
        return stream.state();
    }

    /** Skips the current backoff wait. */
    public void reconnectNow() {
        stream.reconnectNow();
    }

    /** Stops for good (idempotent, any thread, also from a callback) and ends its own scheduler thread. */
    @Override
    public void close() {
        stream.close();
        if (ownedScheduler != null) ownedScheduler.close();
    }

    /** An event's JSON as a protocol record; bad or empty JSON is a {@link ProtocolException} (the attempt fails). */
    public static <T> T parse(SseEvent event, Class<T> type) {
        try {
            T value = ProtocolJson.mapper().readValue(event.dataBytes(), type);
            if (value == null) throw new ProtocolException("empty " + event.type() + " event", 200, null);
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("bad " + event.type() + " event: " + e.getOriginalMessage(), 200, e);
        } catch (IOException e) {
            throw new ProtocolException("bad " + event.type() + " event: " + e.getMessage(), 200, e); // not thrown from an array
        }
    }
}
