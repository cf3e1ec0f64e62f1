package io.capstan.client.internal;

import io.capstan.client.FailureReasons;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.Scheduler;
import io.capstan.client.sse.StreamState;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An SSE connection that reconnects on its own: the transport half of every stream the client follows.
 * It checks the status and {@code Content-Type} before reading (a 5xx or an HTML page is a failed attempt, never
 * events: failure row 3), has {@link SseReader} frame the events, and after any failure waits a
 * {@link Backoff} step and tries again, except after 401/403 or 404, or a {@code revoked} event (the agent ending the
 * streams of a revoked token), which stop it. A refused token is the one stop that can be undone: the stream waits for
 * the {@link Credentials} to be renewed and then connects again from where its handler's cursor is (decision record
 * 133); a refusal of a token already replaced while the request was on its way connects again at once. Silence is noticed by
 * the stream client's read timeout (row 6); every byte read, and the answer's head, renews the agent's
 * {@link LastContact}, which a {@link StreamState.WaitingToRetry} reports as when the agent was last heard from (decision
 * record 151). {@link #reconnectNow()} skips a wait (row 4); {@link #close()} is
 * idempotent and safe while a retry is scheduled (row 5).
 *
 * <p>Threads: the response is read on an OkHttp dispatcher thread, so {@link Handler#onEvent} runs there, one
 * event at a time; state changes are reported on whichever thread caused them (the reader, the scheduler, or
 * the caller of {@code close}/{@code reconnectNow}), under this stream's lock, so they never overlap and arrive in
 * order. Callbacks must not block. The owner of this object closes it; it does not own the OkHttp client or the
 * scheduler.
 */
public final class ReconnectingStream implements AutoCloseable {
    /** The event that ends a stream whose token was revoked (protocol: "Revoked tokens"). */
    public static final String REVOKED = "revoked";

    /** What a particular stream does with its connection. */
    public interface Handler {
        /** Builds the request for the next attempt (with the current resume point). Called under the lock. */
        Request request();

        /**
         * One event. A {@link RuntimeException} (for instance bad JSON) ends this attempt as failed.
         * Runs on the reader thread.
         */
        void onEvent(SseEvent event, Control control);

        /** A receiver of an event's data fields as they are read ({@link SseReader.Listener#fields}); null collects them. */
        default DataFields fields(String type) {
            return null;
        }

        /**
         * The agent refused the resume point as past the end of what it holds (416, {@code message} its words). A stream
         * that can start afresh without losing anything it promised (the event stream: a full refetch follows) drops its
         * resume point and returns what to tell the user, once; null (the default, and a stream that had no resume point
         * to drop) stops it, {@link StreamState.StopReason#REJECTED}. Called under the lock.
         */
        default String startAfresh(String message) {
            return null;
        }
    }

    /** Lets a handler speak about the connection it is reading. */
    public interface Control {
        /** The connection proved healthy (hello, first line); a long enough life then resets the backoff. */
        void healthy();

        /** The stream is complete: stop without retrying ({@link StreamState.StopReason#ENDED}). */
        void finish(String message);
    }

    private final OkHttpClient client;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Handler handler;
    private final Consumer<StreamState> states;
    private final Credentials credentials;
    private final LastContact contact;
    private final Object lock = new Object();
    private final Runnable resumeAfterRenewal = this::resumeAfterRenewal;
    private int generation;
    /** The credentials' renewal the current connection's request was made under. */
    private int tokenGeneration;
    private boolean started;
    private boolean stopped;
    /** Closed by its owner: nothing brings it back, not even a renewed token. */
    private boolean closed;
    private Call call;
    private Scheduler.Cancellable pendingRetry;
    private StreamState state = new StreamState.Connecting(1);
    /** What the next live state says once: why the stream started afresh (see {@link Handler#startAfresh}). */
    private String afreshNote;

    public ReconnectingStream(OkHttpClient client, Scheduler scheduler, Backoff backoff, Handler handler,
                              Consumer<StreamState> states) {
        this(client, scheduler, backoff, handler, states, Credentials.FIXED);
    }

    /** @param credentials the token's renewals: a stream refused resumes at the next one */
    public ReconnectingStream(OkHttpClient client, Scheduler scheduler, Backoff backoff, Handler handler,
                              Consumer<StreamState> states, Credentials credentials) {
        this(client, scheduler, backoff, handler, states, credentials, new LastContact(scheduler.clock()));
    }

    /**
     * @param credentials the token's renewals: a stream refused resumes at the next one
     * @param contact     the agent's last contact, which every byte this stream reads renews and every
     *                    {@link StreamState.WaitingToRetry} reports (shared by all of one agent's streams and calls)
     */
    public ReconnectingStream(OkHttpClient client, Scheduler scheduler, Backoff backoff, Handler handler,
                              Consumer<StreamState> states, Credentials credentials, LastContact contact) {
        this.contact = Objects.requireNonNull(contact);
        this.credentials = Objects.requireNonNull(credentials);
        this.client = Objects.requireNonNull(client);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.backoff = Objects.requireNonNull(backoff);
        this.handler = Objects.requireNonNull(handler);
        this.states = Objects.requireNonNull(states);
    }

    /** Opens the first connection. Calling it again, or after close, does nothing. */
    public void start() {
        synchronized (lock) {
            if (started || stopped) return;
            started = true;
            connectLocked();
        }
    }

    public StreamState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Skips the current backoff wait and connects at once; does nothing while connecting, live or stopped. */
    public void reconnectNow() {
        synchronized (lock) {
            if (stopped || !started || !(state instanceof StreamState.WaitingToRetry)) return;
            cancelPendingLocked();
            connectLocked();
        }
    }

    /** Stops for good; idempotent, callable from any thread, including from a callback. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        credentials.forget(resumeAfterRenewal);
        stop(-1, StreamState.StopReason.CLOSED, "closed");
    }

    private void connectLocked() {
        int gen = ++generation;
        tokenGeneration = credentials.generation();
        setStateLocked(new StreamState.Connecting(backoff.failures() + 1));
        Call c = client.newCall(handler.request());
        call = c;
        c.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                failed(gen, describe(e));
            }

            @Override
            public void onResponse(Call ok, Response response) {
                read(gen, response);
            }
        });
    }

    private void read(int gen, Response response) {
        try (response) {
            int code = response.code();
            if (code == 401 || code == 403) {
                // The body says whether the agent knows the token and revoked it (decision record 112): read it, bounded.
                StreamState.Stopped refused = RevokedEvent.of401(code, smallBody(response));
                refused(gen, refused);
                return;
            }
            if (code == 404) {
                stop(gen, StreamState.StopReason.NOT_FOUND, "HTTP 404: not found");
                return;
            }
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            if (code >= 400 && code < 500 && code != 408 && code != 429) {
                // The same request would be refused again (a resume point past the end of a job's log, a malformed
                // one): retrying forever would hide it. Stop, with the agent's own words; a stream that can start
                // afresh does so once, at once (it then has no resume point to be refused again: never a loop).
                String why = RevokedEvent.errorMessage(smallBody(response));
                if (code == 416 && startAfresh(gen, why == null ? "HTTP 416" : why)) return;
                stop(gen, StreamState.StopReason.REJECTED, "HTTP " + code + ": " + (why == null ? "refused" : why));
                return;
            }
            if (code != 200) {
                // The agent's own words when it gave them ("HTTP 503: too many open streams (256)"): a retry that says
                // why it waits, not a bare number.
                String why = RevokedEvent.errorMessage(smallBody(response));
                failed(gen, "HTTP " + code + (why == null ? "" : ": " + why), retryAfter(response.header("Retry-After")));
                return;
            }
            if (type == null || !"text".equals(type.type()) || !"event-stream".equals(type.subtype())) {
                failed(gen, "not an event stream: " + (type == null ? "no Content-Type" : type.toString()));
                return;
            }
            contact.heard(); // the agent answered: an answer head is contact as much as a byte of the body
            Control control = control(gen);
            synchronized (lock) {
                if (!isCurrentLocked(gen)) return;
                setStateLocked(new StreamState.Live(afreshNote));
                afreshNote = null;
            }
            // Our byte-level reader frames the events (decision record 97: okhttp-sse's reader cost the client more CPU
            // per line than the agent spends serving it); reconnecting, resuming and the checks above stay ours.
            new SseReader(contact.watching(body.byteStream()), new SseReader.Listener() {
                @Override
                public void onEvent(SseEvent event) {
                    if (REVOKED.equals(event.type())) {
                        // The agent ends every stream of a revoked token with this: reconnecting would only meet 401.
                        StreamState.Stopped revoked = RevokedEvent.ofEvent(event.data());
                        refused(gen, revoked);
                    } else if (isCurrent(gen)) {
                        handler.onEvent(event, control);
                    }
                }

                @Override
                public DataFields fields(String type) {
                    return handler.fields(type);
                }
            }).read();
            failed(gen, "the agent closed the connection");
        } catch (IOException e) {
            failed(gen, describe(e));
        } catch (RuntimeException e) {
            failed(gen, "unexpected content: " + e.getMessage());
        }
    }

    private boolean startAfresh(int gen, String why) {
        synchronized (lock) {
            if (!isCurrentLocked(gen)) return true;
            String note = handler.startAfresh(why);
            if (note == null) return false;
            afreshNote = note;
            call = null;
            connectLocked();
            return true;
        }
    }

    /** A refusal's body, at most 16 KiB; empty when it cannot be read (the refusal stands either way). */
    private static String smallBody(Response response) {
        try {
            return response.peekBody(16 * 1024).string();
        } catch (IOException e) {
            return "";
        }
    }

    private Control control(int gen) {
        return new Control() {
            @Override
            public void healthy() {
                synchronized (lock) {
                    if (isCurrentLocked(gen)) backoff.connected();
                }
            }

            @Override
            public void finish(String message) {
                stop(gen, StreamState.StopReason.ENDED, message);
            }
        };
    }

    private boolean isCurrent(int gen) {
        synchronized (lock) {
            return isCurrentLocked(gen);
        }
    }

    private boolean isCurrentLocked(int gen) {
        return !stopped && gen == generation;
    }

    private void failed(int gen, String cause) {
        failed(gen, cause, Duration.ZERO);
    }

    private void failed(int gen, String cause, Duration atLeast) {
        synchronized (lock) {
            failedLocked(gen, cause, atLeast);
        }
    }

    private void failedLocked(int gen, String cause) {
        failedLocked(gen, cause, Duration.ZERO);
    }

    /** {@code atLeast}: the agent's {@code Retry-After}, honoured but never beyond the backoff's cap. */
    private void failedLocked(int gen, String cause, Duration atLeast) {
        if (!isCurrentLocked(gen) || state instanceof StreamState.WaitingToRetry) return;
        if (call != null) call.cancel();
        call = null;
        backoff.disconnected();
        Duration delay = backoff.nextDelay();
        if (atLeast.compareTo(delay) > 0) delay = atLeast.compareTo(Backoff.CAP) > 0 ? Backoff.CAP : atLeast;
        int attempt = backoff.failures();
        // The last contact, not now: a silent connection is noticed a silence window after its last byte, and a refused
        // reconnect right after a live stream is not the agent speaking.
        setStateLocked(new StreamState.WaitingToRetry(attempt, scheduler.clock().instant().plus(delay), cause,
                contact.last()));
        pendingRetry = scheduler.schedule(delay, () -> {
            synchronized (lock) {
                if (!isCurrentLocked(gen) || !(state instanceof StreamState.WaitingToRetry)) return;
                pendingRetry = null;
                connectLocked();
            }
        });
    }

    /**
     * The agent refused the token this connection carried. Stopped, and said so; but a token renewed since (while the
     * request was on its way) is tried at once, and otherwise the next renewal resumes this stream.
     */
    private void refused(int gen, StreamState.Stopped refusal) {
        synchronized (lock) {
            if (!isCurrentLocked(gen)) return;
            if (credentials.whenRenewedAfter(tokenGeneration, resumeAfterRenewal)) {
                // Under the same lock as the wait began: a renewal now finds the stream stopped, and resumes it.
                stop(gen, refusal.reason(), refusal.message());
            } else {
                if (call != null) call.cancel();
                connectLocked();
            }
        }
    }

    /** The token was renewed: a stream the agent refused connects again, resuming where its cursor is. */
    private void resumeAfterRenewal() {
        synchronized (lock) {
            if (closed || !stopped || !(state instanceof StreamState.Stopped s) || !s.refused()) return;
            stopped = false;
            connectLocked();
        }
    }

    private void stop(int gen, StreamState.StopReason reason, String message) {
        synchronized (lock) {
            if (stopped || (gen >= 0 && gen != generation)) return;
            stopped = true;
            cancelPendingLocked();
            if (call != null) call.cancel();
            call = null;
            setStateLocked(new StreamState.Stopped(reason, message));
        }
    }

    private void cancelPendingLocked() {
        if (pendingRetry != null) pendingRetry.cancel();
        pendingRetry = null;
    }

    private void setStateLocked(StreamState next) {
        state = next;
        states.accept(next);
    }

    private static Duration retryAfter(String header) {
        if (header == null) return Duration.ZERO;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /** Plain words (decision record 45): a silent connection reads "timed out", like any other timeout. */
    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) return "timed out: no data within the heartbeat window";
        return FailureReasons.describe(e);
    }
}
