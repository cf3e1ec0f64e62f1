package io.capstan.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.Engine;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.events.EventHub;
import io.capstan.agent.jobs.BusyException;
import io.capstan.agent.jobs.JobNotRecordedException;
import io.capstan.agent.logs.LineLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Names;
import io.capstan.protocol.ProtocolJson;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's HTTP API (protocol version 1) on Javalin; streams are written by hand on the raw response. */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String P = "/api/v1";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final int CHUNK = 500;

    private final Engine engine;
    private final AgentConfig config;
    private final byte[] token;
    private final Messages.AgentInfo info;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Javalin app;
    private volatile boolean closing;
    private volatile Runnable streamHook = () -> { };
    private int port;

    public HttpApi(Engine engine, String token, Messages.AgentInfo info) {
        this.engine = engine;
        this.config = engine.config();
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.info = info;
        QueuedThreadPool pool = new QueuedThreadPool(config.maxStreams() + 64, 4);
        pool.setName("capstan-http");
        pool.setDaemon(true);
        this.app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(ProtocolJson.mapper(), false));
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jetty.threadPool = pool;
            cfg.jetty.host = config.bindHost();
            cfg.jetty.port = config.port();
            cfg.startup.showJavalinBanner = false;
            if (config.tls()) cfg.jetty.addConnector(this::tlsConnector);
            cfg.routes.before(this::guard);
            cfg.routes.get(P + "/health", ctx -> json(ctx, 200, new Messages.Health("ok")));
            cfg.routes.get(P + "/info", ctx -> json(ctx, 200, new Messages.Info(info, engine.events().seq())));
            cfg.routes.get(P + "/deployments", this::listDeployments);
            cfg.routes.get(P + "/deployments/{d}", this::getDeployment);
            cfg.routes.post(P + "/deployments/{d}/jobs", ctx -> submit(ctx, false));
            cfg.routes.post(P + "/deployments/{d}/services/{s}/jobs", ctx -> submit(ctx, true));
            cfg.routes.get(P + "/deployments/{d}/services/{s}/logs", this::serviceLogs);
            cfg.routes.get(P + "/jobs", this::listJobs);
            cfg.routes.get(P + "/jobs/{id}", this::getJob);
            cfg.routes.post(P + "/jobs/{id}/cancel", this::cancel);
            cfg.routes.get(P + "/jobs/{id}/log", this::jobLog);
            cfg.routes.get(P + "/events", this::events);
            cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage(), e.job()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, codeFor(e.getStatus()),
                    e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + e.getStatus() : e.getMessage(), null));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("internal error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, ErrorCode.INTERNAL, "internal error: " + e.getClass().getSimpleName(), null);
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) error(ctx, ErrorCode.NOT_FOUND, "no such route: " + ctx.path(), null);
            });
            cfg.routes.error(405, ctx -> error(ctx, ErrorCode.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path(), null));
        });
    }

    private Connector tlsConnector(Server server, HttpConfiguration plain) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(config.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(config.keystorePassword());
        ssl.setKeyManagerPassword(config.keystorePassword());
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        https.addCustomizer(src);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost(config.bindHost());
        c.setPort(config.port());
        return c;
    }

    public void start() {
        app.start();
        port = app.port();
    }

    public int port() {
        return port;
    }

    /** Streams open now (each holds one subscription). */
    public int openStreams() {
        return openStreams.get();
    }

    /** Test seam: runs in a job-log stream after it read the retained lines and before it waits for live ones. */
    public void streamHook(Runnable hook) {
        this.streamHook = hook == null ? () -> { } : hook;
    }

    @Override
    public void close() {
        closing = true;
        app.stop();
    }

    // ---- guard: host, auth, size

    private void guard(Context ctx) {
        if (!hostAllowed(ctx.header("Host"))) {
            throw new ApiException(ErrorCode.FORBIDDEN_HOST, "Host header not accepted: " + ctx.header("Host"));
        }
        boolean health = ctx.path().equals(P + "/health");
        if (!health) {
            String auth = ctx.header("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ")
                    ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token");
            }
        }
        long len = ctx.req().getContentLengthLong();
        if (len > config.maxBodyBytes()) {
            throw new ApiException(ErrorCode.TOO_LARGE, "request body over " + config.maxBodyBytes() + " bytes");
        }
    }

    boolean hostAllowed(String host) {
        if (host == null || host.isBlank()) return false;
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String name : config.allowedHosts()) {
            String n = name.toLowerCase(Locale.ROOT);
            if (h.equals(n) || h.equals(n + ":" + port)) return true;
        }
        // DNS rebinding is defeated by the name: a hostile page's Host is its own name. The port is not checked,
        // so an SSH tunnel (ssh -L 9000:localhost:7417, Host: localhost:9000) or a local proxy still works.
        int colon = h.lastIndexOf(':');
        String name = colon < 0 || h.endsWith("]") ? h : h.substring(0, colon);
        return LOOPBACK.contains(name) || name.equals(config.bindHost().toLowerCase(Locale.ROOT));
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 413 -> ErrorCode.TOO_LARGE;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    private static void error(Context ctx, ErrorCode code, String message, String job) {
        json(ctx, code.httpStatus(), new ErrorBody(new ErrorBody.Detail(code, message, job)));
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json; charset=utf-8")
                    .result(ProtocolJson.mapper().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Context ctx, String param) {
        String v = ctx.pathParam(param);
        if (!Names.isValid(v)) throw new ApiException(ErrorCode.INVALID_NAME, "invalid name: " + v);
        return v;
    }

    private DeploymentRuntime runtime(String d) {
        return engine.runtime(d).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no deployment " + d));
    }

    private static boolean wantsStream(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    private static long longParam(Context ctx, String name, long dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be a number");
        }
    }

    // ---- plain routes

    private void listDeployments(Context ctx) {
        long seq = engine.events().seq();
        json(ctx, 200, new Messages.DeploymentList(seq, engine.deployments()));
    }

    private void getDeployment(Context ctx) {
        String d = name(ctx, "d");
        long seq = engine.events().seq();
        Deployment dep = engine.deployment(d).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no deployment " + d));
        json(ctx, 200, new Messages.DeploymentEnvelope(seq, dep));
    }

    private void submit(Context ctx, boolean perService) {
        String d = name(ctx, "d");
        String s = perService ? name(ctx, "s") : null;
        byte[] body = ctx.bodyAsBytes();
        if (body.length > config.maxBodyBytes()) throw new ApiException(ErrorCode.TOO_LARGE, "request body too large");
        JsonNode node;
        try {
            node = ProtocolJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "malformed JSON body");
        }
        if (node == null || !node.isObject() || !node.path("action").isTextual()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "body must be {\"action\": \"start|stop|restart|rebuild\"}");
        }
        String a = node.get("action").asText();
        Action action = Action.parse(a).orElseThrow(() -> new ApiException(ErrorCode.UNSUPPORTED_ACTION, "unsupported action: " + a));
        DeploymentRuntime rt = runtime(d);
        if (s != null && !rt.serviceNames().contains(s)) throw new ApiException(ErrorCode.NOT_FOUND, "no service " + d + "/" + s);
        if (!rt.supports(action, s)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_ACTION, a + " is not available on " + (s == null ? d : d + "/" + s));
        }
        try {
            Job job = engine.submit(rt, s, action);
            ctx.header("Location", P + "/jobs/" + job.id());
            json(ctx, 202, new Messages.JobEnvelope(job));
        } catch (BusyException e) {
            throw new ApiException(ErrorCode.BUSY, e.getMessage(), e.holder());
        } catch (JobNotRecordedException e) {
            throw new ApiException(ErrorCode.INSUFFICIENT_STORAGE, e.getMessage());
        }
    }

    private void listJobs(Context ctx) {
        String d = ctx.queryParam("deployment");
        String s = ctx.queryParam("service");
        if (d != null && d.isEmpty()) d = null;
        if (s != null && s.isEmpty()) s = null;
        if (d != null && !Names.isValid(d)) throw new ApiException(ErrorCode.INVALID_NAME, "invalid name: " + d);
        if (s != null && !Names.isValid(s)) throw new ApiException(ErrorCode.INVALID_NAME, "invalid name: " + s);
        long limit = Math.max(1, Math.min(1000, longParam(ctx, "limit", 100)));
        json(ctx, 200, new Messages.JobList(engine.jobs().list(d, s, (int) limit)));
    }

    private Job job(String id) {
        return engine.jobs().find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id));
    }

    private void getJob(Context ctx) {
        json(ctx, 200, new Messages.JobEnvelope(job(ctx.pathParam("id"))));
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            Optional<Job> j = engine.jobs().cancel(id);
            json(ctx, 202, new Messages.JobEnvelope(j.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id))));
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.BUSY, e.getMessage(), id);
        }
    }

    // ---- job output

    private void jobLog(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        job(id);
        LineLog log = engine.jobs().log(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id));
        if (!wantsStream(ctx)) {
            long after = Math.max(0, longParam(ctx, "after", 0));
            int limit = (int) Math.max(1, Math.min(10_000, longParam(ctx, "limit", 1000)));
            boolean closed = log.isClosed();
            LineLog.Chunk c = log.read(after, limit);
            long next = after;
            if (c.gap() != null) next = c.gap().to();
            List<Line> lines = c.lines();
            if (!lines.isEmpty()) next = lines.get(lines.size() - 1).seq();
            boolean done = closed && next >= log.lastSeq();
            json(ctx, 200, new Messages.LogPage(lines, next, done));
            return;
        }
        long after = resumeSeq(ctx);
        stream(ctx, sse -> {
            long cursor = after;
            while (!closing) {
                LineLog.Chunk c = log.read(cursor, CHUNK);
                if (c.gap() != null) {
                    sse.event("gap", String.valueOf(c.gap().to()), new Messages.Gap(c.gap().from(), c.gap().to()));
                    cursor = c.gap().to();
                }
                for (Line l : c.lines()) {
                    sse.event("line", String.valueOf(l.seq()), l);
                    cursor = l.seq();
                }
                if (!c.isEmpty()) continue;
                if (log.isClosed() && cursor >= log.lastSeq()) {
                    sse.event("end", null, job(id));
                    return;
                }
                streamHook.run();
                long at = cursor;
                waitSlice(timeout -> log.awaitAfter(at, timeout), sse);
            }
        });
    }

    private static long resumeSeq(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(last.trim()));
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Last-Event-ID must be a line seq");
            }
        }
        return Math.max(0, longParam(ctx, "after", 0));
    }

    // ---- service log

    private void serviceLogs(Context ctx) throws IOException {
        String d = name(ctx, "d");
        String s = name(ctx, "s");
        DeploymentRuntime rt = runtime(d);
        if (!rt.serviceNames().contains(s)) throw new ApiException(ErrorCode.NOT_FOUND, "no service " + d + "/" + s);
        if (!wantsStream(ctx)) throw new ApiException(ErrorCode.BAD_REQUEST, "this route streams: send Accept: text/event-stream");
        LineLog log = engine.serviceLog(d, s);
        String epoch = engine.events().epoch();
        long tail = Math.max(0, longParam(ctx, "tail", 200));
        long start = Math.max(0, log.lastSeq() - tail);
        String last = ctx.header("Last-Event-ID");
        if (last == null || last.isBlank()) last = ctx.queryParam("after");
        if (last != null && !last.isBlank()) {
            int colon = last.indexOf(':');
            if (colon > 0 && last.substring(0, colon).equals(epoch)) {
                try {
                    start = Math.max(0, Long.parseLong(last.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    throw new ApiException(ErrorCode.BAD_REQUEST, "bad Last-Event-ID");
                }
            } else {
                start = 0; // another epoch: everything of this one is new to the client
            }
        }
        long from = start;
        stream(ctx, sse -> {
            long cursor = from;
            while (!closing) {
                LineLog.Chunk c = log.read(cursor, CHUNK);
                if (c.gap() != null) {
                    sse.event("gap", epoch + ":" + c.gap().to(), new Messages.Gap(c.gap().from(), c.gap().to()));
                    cursor = c.gap().to();
                }
                for (Line l : c.lines()) {
                    sse.event("line", epoch + ":" + l.seq(), l);
                    cursor = l.seq();
                }
                if (!c.isEmpty()) continue;
                long at = cursor;
                waitSlice(timeout -> log.awaitAfter(at, timeout), sse);
            }
        });
    }

    // ---- events

    private void events(Context ctx) throws IOException {
        if (!wantsStream(ctx)) throw new ApiException(ErrorCode.BAD_REQUEST, "this route streams: send Accept: text/event-stream");
        EventHub hub = engine.events();
        String last = ctx.header("Last-Event-ID");
        boolean resumed = false;
        long resumeAt = -1;
        if (last != null) {
            int colon = last.indexOf(':');
            if (colon > 0 && last.substring(0, colon).equals(hub.epoch())) {
                try {
                    resumeAt = Long.parseLong(last.substring(colon + 1).trim());
                    resumed = hub.canResumeAfter(resumeAt);
                } catch (NumberFormatException e) {
                    resumed = false;
                }
            }
        }
        long start = resumed ? resumeAt : hub.seq();
        boolean wasResumed = resumed;
        stream(ctx, sse -> {
            sse.event("hello", null, new Messages.Hello(info.id(), hub.epoch(), start, wasResumed));
            long cursor = start;
            while (!closing && !hub.isClosed()) {
                List<EventHub.Event> evs = hub.after(cursor);
                if (!evs.isEmpty() && evs.get(0).seq() != cursor + 1) return; // fell behind retention: client refetches
                for (EventHub.Event e : evs) {
                    sse.event(e.type(), hub.epoch() + ":" + e.seq(), e.payload());
                    cursor = e.seq();
                }
                if (!evs.isEmpty()) continue;
                long at = cursor;
                waitSlice(timeout -> hub.awaitAfter(at, timeout), sse);
            }
        });
    }

    // ---- stream plumbing

    @FunctionalInterface
    private interface StreamBody {
        void run(SseWriter sse) throws IOException, InterruptedException;
    }

    @FunctionalInterface
    private interface Waiter {
        void await(long timeoutMillis) throws InterruptedException;
    }

    private void waitSlice(Waiter waiter, SseWriter sse) throws IOException, InterruptedException {
        long ping = Math.max(1, config.pingInterval().toMillis());
        waiter.await(Math.min(ping, 1000));
        sse.pingIfIdle(ping);
    }

    private void stream(Context ctx, StreamBody body) throws IOException {
        if (openStreams.incrementAndGet() > config.maxStreams()) {
            openStreams.decrementAndGet();
            ctx.header("Retry-After", "5");
            throw new ApiException(ErrorCode.UNAVAILABLE, "too many open streams (" + config.maxStreams() + ")");
        }
        try {
            SseWriter sse = new SseWriter(ctx.res());
            body.run(sse);
        } catch (IOException e) {
            LOG.debug("stream closed by client: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openStreams.decrementAndGet();
        }
    }
}
