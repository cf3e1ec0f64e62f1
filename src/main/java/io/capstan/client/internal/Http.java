package io.capstan.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.AgentException;
import io.capstan.client.BusyException;
import io.capstan.client.ClearTextRefusedException;
import io.capstan.client.FailureReasons;
import io.capstan.client.NotFoundException;
import io.capstan.client.ProtocolException;
import io.capstan.client.UnauthorizedException;
import io.capstan.client.UnavailableException;
import io.capstan.client.trust.PinnedTrust;
import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.IdempotencyKey;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One agent's HTTP, on one OkHttp client configured on purpose (one connection pool, one dispatcher). The dispatcher
 * allows {@value #MAX_REQUESTS_PER_HOST} requests per host, because OkHttp's default of 5 would let open streams queue
 * ordinary calls behind them. Ordinary calls connect within 5 s and finish within 15 s; streams
 * ({@link #streamClient(Duration)}) have no call timeout and a read timeout equal to their silence window.
 *
 * <p>Answers are read here and mapped to the client's exceptions, so nothing above this class sees an OkHttp type.
 * Thread-safe; whoever creates it closes it.
 */
public final class Http implements AutoCloseable, Credentials {
    public static final int MAX_REQUESTS_PER_HOST = 64;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = ProtocolJson.mapper();

    /** Replaced only by {@link #renewToken}: the same agent, another token. */
    private volatile AgentEndpoint endpoint;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final Object tokenLock = new Object();
    /** Counts token renewals; a stream remembers the one its connection was made under. */
    private int tokenGeneration;
    /** Streams stopped by a refusal of the current token, resumed by the next renewal (then forgotten). */
    private final Set<Runnable> waitingForToken = new LinkedHashSet<>();
    /** Told whenever a stream stops because the agent refused the current token. */
    private final List<Runnable> refusalListeners = new CopyOnWriteArrayList<>();
    /** When the agent was last heard from: successful answers here, every byte of the streams on this transport. */
    private final LastContact contact;

    public Http(AgentEndpoint endpoint) {
        this(endpoint, Clock.systemUTC());
    }

    /** @param clock what stamps the agent's {@link #contact()} (tests hand in their own) */
    public Http(AgentEndpoint endpoint, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.contact = new LastContact(clock);
        HttpUrl parsed = HttpUrl.parse(endpoint.baseUrl());
        if (parsed == null) throw new IllegalArgumentException("not an http(s) URL: " + endpoint.baseUrl());
        this.base = parsed;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(MAX_REQUESTS_PER_HOST, dispatcher.getMaxRequests()));
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
        if (endpoint.ssh() != null) {
            throw new IllegalArgumentException(endpoint + " is reached through SSH: connect to its tunnel's local end (SshTunnel)");
        }
        PinnedTrust trust = new PinnedTrust(endpoint.pin());
        this.http = new OkHttpClient.Builder()
                .sslSocketFactory(trust.socketFactory(), trust)
                .hostnameVerifier(trust.hostnameVerifier())
                .dispatcher(dispatcher)
                .connectTimeout(CONNECT_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .readTimeout(CALL_TIMEOUT)
                .writeTimeout(CALL_TIMEOUT)
                .retryOnConnectionFailure(true)
                .followSslRedirects(false)
                .addInterceptor(chain -> {
                    Request.Builder r = chain.request().newBuilder();
                    AgentEndpoint current = this.endpoint; // a renewed token from the next request on
                    if (current.token() != null && current.clearTextOffHost() && !current.insecure()) {
                        // Before any connection: the token never leaves this machine in clear text by accident.
                        throw new IOException(new ClearTextRefusedException(current));
                    }
                    if (current.token() != null) r.header("Authorization", "Bearer " + current.token());
                    return chain.proceed(r.build());
                })
                .build();
    }

    /** Where the agent is, with the token calls carry now. */
    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Calls and stream connections from now on carry {@code token} (the same agent's token after a rotation, or one the
     * user fixed); every stream stopped because the agent refused the previous one resumes from its cursor. Any thread.
     */
    public void renewToken(String token) {
        List<Runnable> resume;
        synchronized (tokenLock) {
            endpoint = endpoint.withToken(token);
            tokenGeneration++;
            resume = List.copyOf(waitingForToken);
            waitingForToken.clear();
        }
        // Outside the lock: each resume takes its stream's lock, and a stream asks this one under its own.
        resume.forEach(Runnable::run);
    }

    @Override
    public int generation() {
        synchronized (tokenLock) {
            return tokenGeneration;
        }
    }

    @Override
    public boolean whenRenewedAfter(int generation, Runnable resume) {
        synchronized (tokenLock) {
            if (generation != tokenGeneration) return false;
            waitingForToken.add(resume);
        }
        refusalListeners.forEach(Runnable::run);
        return true;
    }

    /**
     * Runs {@code listener} each time one of this client's streams stops because the agent refused the current token
     * (the event subscription, a job's or a service's log: whichever met the refusal first), so the owner can look for
     * a new token once, whatever stream it was. It runs on the thread that read the refusal, under that stream's lock:
     * it must hand off and return, never block or call into the stream.
     */
    public void onRefusal(Runnable listener) {
        refusalListeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void forget(Runnable resume) {
        synchronized (tokenLock) {
            waitingForToken.remove(resume);
        }
    }

    /** When the agent was last heard from, by a call or by any stream on this transport (decision record 151). */
    public LastContact contact() {
        return contact;
    }

    /** The OkHttp client for ordinary calls; for the client's own tests of its configuration. */
    public OkHttpClient okHttp() {
        return http;
    }

    /**
     * A view of the shared client for one long-lived stream: no call timeout, and {@code silence} as the socket's read
     * timeout, so a connection that stays open but goes quiet fails with a {@link java.net.SocketTimeoutException}
     * (failure row 6). Connection-failure retry stays on: after an agent restart the pool still holds keep-alive
     * connections to the dead process, and without it a "reconnect now" would pick one, fail, and wait a whole backoff
     * step (failure row 4). OkHttp retries only before a response arrives, so no event is ever delivered twice by it.
     *
     * <p>The silence is the socket's {@code SO_TIMEOUT}, set by a network interceptor once OkHttp has set up the
     * exchange, and not OkHttp's read timeout: that one also arms okio's watchdog around every read of the socket (a
     * lock, a queue, and a wake-up of the {@code Okio Watchdog} thread per 8 KiB read), which cost a third of the client's
     * CPU on a replay (decision record 118). The JDK's socket checks the same timeout inside the read itself. Ordinary
     * calls later on the same pooled connection get their own timeout back: OkHttp sets it on every exchange.
     */
    public OkHttpClient streamClient(Duration silence) {
        int silenceMillis = (int) Math.min(Integer.MAX_VALUE, silence.toMillis());
        return http.newBuilder()
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .addNetworkInterceptor(chain -> {
                    chain.connection().socket().setSoTimeout(silenceMillis);
                    return chain.proceed(chain.request());
                })
                .retryOnConnectionFailure(true)
                .build();
    }

    /** {@code base + /api/v1 + path} with the query's non-null values; {@code path} starts with a slash. */
    public HttpUrl url(String path, Map<String, ?> query) {
        HttpUrl.Builder b = base.newBuilder();
        for (String seg : ("api/v1" + path).split("/")) {
            if (!seg.isEmpty()) b.addPathSegment(seg);
        }
        query.forEach((k, v) -> {
            if (v != null) b.addQueryParameter(k, v.toString());
        });
        return b.build();
    }

    /** A GET for a stream route, asking for {@code text/event-stream}, resuming after {@code lastEventId} (may be null). */
    public Request streamRequest(String path, Map<String, ?> query, String lastEventId) {
        Request.Builder r = new Request.Builder().url(url(path, query)).get()
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
        return r.build();
    }

    /** A blocking GET of a JSON answer. */
    public <T> T get(String path, Map<String, ?> query, Class<T> type) {
        return execute(getRequest(url(path, query)), type);
    }

    /** A GET without blocking: completes on an OkHttp thread, exceptionally with an {@link AgentException}. */
    public <T> CompletableFuture<T> getAsync(String path, Map<String, ?> query, Class<T> type) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = http.newCall(getRequest(url(path, query)));
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(unreachable(e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    result.complete(read(response, type));
                } catch (IOException e) {
                    result.completeExceptionally(unreachable(e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) call.cancel();
        });
        return result;
    }

    /** A blocking POST of {@code body} as JSON (null: an empty body). */
    public <T> T post(String path, Object body, Class<T> type) {
        return execute(jsonPost(path, body).build(), type);
    }

    /**
     * A POST that makes something (a job), sent again when its answer may have been lost: each try carries the same
     * {@link IdempotencyKey}, so the agent answers a repeat with what the first try made instead of making it twice.
     * Tries again, {@link #REPEAT_DELAYS_MILLIS} apart, only when a try may have reached the agent and its answer did
     * not come back (a connection dropped or timed out after the request went out, a proxy's 502 or 504), or when the
     * agent says the first try is still being handled. Anything else is the answer: a refused connection carried
     * nothing, and a 503 is the agent's own "not now". When the last try may have arrived, the error says so.
     */
    public <T> T postRepeatable(String path, Object body, Class<T> type) {
        Request r = jsonPost(path, body).header(IdempotencyKey.HEADER, IdempotencyKey.header(IdempotencyKey.random())).build();
        boolean anyLost = false; // an earlier try may have arrived even when the last one was refused
        for (int attempt = 0; ; attempt++) {
            AgentException failure;
            boolean lost;
            try {
                return execute(r, type);
            } catch (UnavailableException e) {
                failure = e;
                lost = e.httpStatus() == 0 ? !(e.getCause() instanceof java.net.ConnectException)
                        : e.httpStatus() == 502 || e.httpStatus() == 504;
            } catch (BusyException e) {
                if (e.holderJobId() != null) throw e; // another job holds the target: a real answer
                failure = e; // this request's own earlier try, still being handled
                lost = false;
            }
            anyLost |= lost;
            boolean again = lost || failure instanceof BusyException;
            if (!again || attempt >= REPEAT_DELAYS_MILLIS.length) {
                throw anyLost && failure instanceof UnavailableException u ? mayHaveStarted(u) : failure;
            }
            try {
                Thread.sleep(REPEAT_DELAYS_MILLIS[attempt]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw anyLost && failure instanceof UnavailableException u ? mayHaveStarted(u) : failure;
            }
        }
    }

    /** Pauses between the tries of {@link #postRepeatable}: four more tries within about four seconds. */
    static final long[] REPEAT_DELAYS_MILLIS = {250, 500, 1_000, 2_000};

    private static UnavailableException mayHaveStarted(UnavailableException e) {
        return new UnavailableException(e.code(), e.getMessage() + "; the request may have reached the agent before the"
                + " connection failed: look at its jobs before trying again", e.httpStatus(), e.retryAfterSeconds(), e, true);
    }

    /** A POST of {@code body} as JSON (null: an empty body) that asks for JSON back. */
    private Request.Builder jsonPost(String path, Object body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Request.Builder().url(url(path, Map.of())).post(RequestBody.create(bytes, JSON)).header("Accept", "application/json");
    }

    private static Request getRequest(HttpUrl url) {
        return new Request.Builder().url(url).get().header("Accept", "application/json").build();
    }

    private <T> T execute(Request request, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            return read(response, type);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private AgentException unreachable(IOException e) {
        if (e.getCause() instanceof ClearTextRefusedException refused) return refused;
        return new UnavailableException(ErrorCode.UNAVAILABLE,
                "agent " + endpoint.name() + " not reachable at " + endpoint.baseUrl() + ": " + FailureReasons.describe(e), 0, -1, e);
    }

    private <T> T read(Response response, Class<T> type) throws IOException {
        String body = response.body().string();
        int status = response.code();
        if (!response.isSuccessful()) throw failure(response, body);
        contact.heard(); // what was asked, answered: the agent is there (an error page may be a proxy's or a tunnel's)
        MediaType ct = response.body().contentType();
        if (ct == null || !"json".equals(ct.subtype())) {
            throw new ProtocolException("expected JSON, got " + (ct == null ? "no Content-Type" : ct.toString()), status, null);
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new ProtocolException("empty JSON answer", status, null);
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("bad JSON from the agent: " + e.getOriginalMessage(), status, e);
        }
    }

    private static AgentException failure(Response response, String body) {
        int status = response.code();
        ErrorBody.Detail detail = null;
        try {
            ErrorBody parsed = MAPPER.readValue(body, ErrorBody.class);
            if (parsed != null) detail = parsed.error();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            detail = null;
        }
        ErrorCode code = detail != null && detail.code() != null ? detail.code() : codeFor(status);
        String message = detail != null && detail.message() != null ? detail.message() : "HTTP " + status + " " + response.message();
        if (status == 401 || status == 403) return new UnauthorizedException(code, message, status);
        if (status == 404) return new NotFoundException(message);
        if (code == ErrorCode.BUSY) return new BusyException(message, detail == null ? null : detail.job());
        if (status >= 500) {
            return new UnavailableException(code, message, status, retryAfter(response.header("Retry-After")), null);
        }
        return new AgentException(code, message, status);
    }

    private static long retryAfter(String header) {
        if (header == null) return -1;
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ErrorCode codeFor(int status) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.httpStatus() == status) return c;
        }
        return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
    }

    /** Ends the dispatcher's threads and the pool's idle connections. Open streams are cancelled. */
    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
