package io.capstan.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Action;
import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.capstan.client.trust.PinnedTrust;
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
 * Typed calls for every route of one agent. One instance per agent, shared by everything that talks to it: it
 * owns one OkHttp client (one connection pool, one dispatcher) configured on purpose. The dispatcher allows
 * {@value #MAX_REQUESTS_PER_HOST} requests per host, because OkHttp's default of 5 would let open streams queue
 * ordinary calls behind them. Ordinary calls connect within 5 s and finish within 15 s; streams
 * ({@link #streamClient(Duration)}) have no call timeout and a read timeout equal to the heartbeat window.
 *
 * <p>Every method is blocking and thread-safe, except {@code *Async} ones which complete on an OkHttp thread.
 * Failures are {@link AgentException}s: {@link UnauthorizedException}, {@link BusyException},
 * {@link NotFoundException}, {@link UnavailableException} (unreachable or 5xx), {@link ProtocolException}
 * (an answer that is not the protocol). Whoever creates the client closes it; closing ends its threads.
 */
public final class AgentClient implements AutoCloseable {
    public static final int MAX_REQUESTS_PER_HOST = 64;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** 45 s of silence on a stream means the connection is dead (the agent pings at least every 15 s). */
    public static final Duration HEARTBEAT_WINDOW = Duration.ofSeconds(45);

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = ProtocolJson.mapper();

    private final AgentEndpoint endpoint;
    private final HttpUrl base;
    private final OkHttpClient http;

    public AgentClient(AgentEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint);
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
                    if (endpoint.token() != null && endpoint.clearTextOffHost() && !endpoint.insecure()) {
                        // Before any connection: the token never leaves this machine in clear text by accident.
                        throw new IOException(new ClearTextRefusedException(endpoint));
                    }
                    if (endpoint.token() != null) r.header("Authorization", "Bearer " + endpoint.token());
                    return chain.proceed(r.build());
                })
                .build();
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Loads and initialises what a first call needs (OkHttp's classes, the JSON mapper and its readers for the
     * protocol's messages) without calling anyone. A desktop calls it on a thread of its own at launch, so that its
     * UI thread does not pay for it when it connects (the console's first start, issue 12). Safe on any thread.
     */
    public static void warmUp() {
        try (AgentClient unused = new AgentClient(new AgentEndpoint("warm-up", "http://127.0.0.1:9", null))) {
            unused.url("/deployments").build();
            MAPPER.readValue("{\"seq\":0,\"deployments\":[]}", Messages.DeploymentList.class);
            MAPPER.readValue("{\"jobs\":[]}", Messages.JobList.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the protocol's JSON cannot be read", e);
        }
    }

    /** The shared client for ordinary calls (pool, dispatcher and auth shared with streams). */
    public OkHttpClient http() {
        return http;
    }

    /**
     * A view of the shared client for one long-lived stream: no call timeout, and {@code silence} as the read
     * timeout, so a connection that stays open but goes quiet fails (failure row 6). Connection-failure retry
     * stays on: after an agent restart the pool still holds keep-alive connections to the dead process, and
     * without it a "reconnect now" would pick one, fail, and wait a whole backoff step (failure row 4). OkHttp
     * retries only before a response arrives, so no event is ever delivered twice by it.
     */
    public OkHttpClient streamClient(Duration silence) {
        return http.newBuilder()
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .readTimeout(silence)
                .retryOnConnectionFailure(true)
                .build();
    }

    /** {@code base + /api/v1 + path}; {@code path} starts with a slash. */
    public HttpUrl.Builder url(String path) {
        HttpUrl.Builder b = base.newBuilder();
        for (String seg : ("api/v1" + path).split("/")) {
            if (!seg.isEmpty()) b.addPathSegment(seg);
        }
        return b;
    }

    /** A GET for a stream route, asking for {@code text/event-stream}. */
    public Request.Builder streamRequest(HttpUrl url) {
        return new Request.Builder().url(url).get()
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
    }

    public Messages.Health health() {
        return get(url("/health").build(), Messages.Health.class);
    }

    public Messages.Info info() {
        return get(url("/info").build(), Messages.Info.class);
    }

    public Messages.DeploymentList deployments() {
        return get(url("/deployments").build(), Messages.DeploymentList.class);
    }

    /** The list, without blocking: completes on an OkHttp thread, exceptionally with an {@link AgentException}. */
    public CompletableFuture<Messages.DeploymentList> deploymentsAsync() {
        return async(getRequest(url("/deployments").build()), Messages.DeploymentList.class);
    }

    public CompletableFuture<List<Job>> jobsAsync(String deployment, String service, Integer limit) {
        return async(getRequest(jobsUrl(deployment, service, limit)), Messages.JobList.class)
                .thenApply(l -> l.jobs() == null ? List.of() : List.copyOf(l.jobs()));
    }

    public Messages.DeploymentEnvelope deployment(String name) {
        return get(url("/deployments/" + segment(name)).build(), Messages.DeploymentEnvelope.class);
    }

    /** One service as listed and its detail (command, environment, ports, definition, last exit). */
    public Messages.ServiceEnvelope service(String deployment, String service) {
        return get(url("/deployments/" + segment(deployment) + "/services/" + segment(service)).build(),
                Messages.ServiceEnvelope.class);
    }

    /**
     * Every service's CPU and memory samples of a deployment taken after {@code since} (null: the last hour the agent
     * keeps), oldest first: one call refreshes a whole services table.
     */
    public Messages.DeploymentResources resources(String deployment, java.time.Instant since) {
        HttpUrl.Builder u = url("/deployments/" + segment(deployment) + "/resources");
        if (since != null) u.addQueryParameter("since", io.capstan.protocol.Timestamps.format(since));
        return get(u.build(), Messages.DeploymentResources.class);
    }

    /** One service's CPU and memory samples taken after {@code since} (null: the last hour), oldest first. */
    public Messages.ResourceSeries serviceResources(String deployment, String service, java.time.Instant since) {
        HttpUrl.Builder u = url("/deployments/" + segment(deployment) + "/services/" + segment(service) + "/resources");
        if (since != null) u.addQueryParameter("since", io.capstan.protocol.Timestamps.format(since));
        return get(u.build(), Messages.ResourceSeries.class);
    }

    /** Starts a whole-deployment job; {@link BusyException} names the job that holds it. */
    public Job startDeploymentJob(String deployment, Action action) {
        return post(url("/deployments/" + segment(deployment) + "/jobs").build(), new Messages.ActionRequest(action))
                .job();
    }

    /** Starts a job on one service; {@link BusyException} names the job that holds it. */
    public Job startServiceJob(String deployment, String service, Action action) {
        HttpUrl u = url("/deployments/" + segment(deployment) + "/services/" + segment(service) + "/jobs").build();
        return post(u, new Messages.ActionRequest(action)).job();
    }

    /** Jobs newest first; any filter may be null. */
    public List<Job> jobs(String deployment, String service, Integer limit) {
        Messages.JobList list = get(jobsUrl(deployment, service, limit), Messages.JobList.class);
        return list.jobs() == null ? List.of() : List.copyOf(list.jobs());
    }

    public Job job(String id) {
        return get(url("/jobs/" + segment(id)).build(), Messages.JobEnvelope.class).job();
    }

    /** Asks the agent to cancel; 409 when the job already ended. */
    public Job cancel(String id) {
        return post(url("/jobs/" + segment(id) + "/cancel").build(), null).job();
    }

    /** One page of a job's output after {@code after}; {@code limit} may be null. */
    public Messages.LogPage log(String id, long after, Integer limit) {
        HttpUrl.Builder u = url("/jobs/" + segment(id) + "/log").addQueryParameter("after", Long.toString(after));
        if (limit != null) u.addQueryParameter("limit", limit.toString());
        return get(u.build(), Messages.LogPage.class);
    }

    private HttpUrl jobsUrl(String deployment, String service, Integer limit) {
        HttpUrl.Builder u = url("/jobs");
        if (deployment != null) u.addQueryParameter("deployment", deployment);
        if (service != null) u.addQueryParameter("service", service);
        if (limit != null) u.addQueryParameter("limit", limit.toString());
        return u.build();
    }

    private static String segment(String s) {
        Objects.requireNonNull(s);
        if (s.isEmpty() || s.contains("/")) throw new IllegalArgumentException("not a name: " + s);
        return s;
    }

    private static Request getRequest(HttpUrl url) {
        return new Request.Builder().url(url).get().header("Accept", "application/json").build();
    }

    private <T> T get(HttpUrl url, Class<T> type) {
        return execute(getRequest(url), type);
    }

    private Messages.JobEnvelope post(HttpUrl url, Object body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Request r = new Request.Builder().url(url).post(RequestBody.create(bytes, JSON))
                .header("Accept", "application/json").build();
        return execute(r, Messages.JobEnvelope.class);
    }

    private <T> T execute(Request request, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            return read(response, type);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private <T> CompletableFuture<T> async(Request request, Class<T> type) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = http.newCall(request);
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

    private AgentException unreachable(IOException e) {
        if (e.getCause() instanceof ClearTextRefusedException refused) return refused;
        return new UnavailableException(ErrorCode.UNAVAILABLE,
                "agent " + endpoint.name() + " not reachable at " + endpoint.baseUrl() + ": " + FailureReasons.describe(e), 0, -1, e);
    }

    private static <T> T read(Response response, Class<T> type) throws IOException {
        String body = response.body().string();
        int status = response.code();
        if (!response.isSuccessful()) throw failure(response, body);
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

    static AgentException failure(Response response, String body) {
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
