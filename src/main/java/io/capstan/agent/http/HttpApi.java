package io.capstan.agent.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.Engine;
import io.capstan.agent.audit.AuditLog;
import io.capstan.agent.auth.TokenRegistry;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.jobs.BusyException;
import io.capstan.agent.jobs.JobNotRecordedException;
import io.capstan.agent.jobs.RequestKeys;
import io.capstan.agent.logs.LineLog;
import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Cursor;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.IdempotencyKey;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Names;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceDetail;
import io.capstan.protocol.ProtocolJson;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import io.capstan.agent.tls.AgentTls;
import io.capstan.protocol.TargetName;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API (protocol version 1) on Javalin: the plain routes here, the checks every request passes
 * in {@link RequestGuard}, request bodies in {@link JsonBody}, the streams in {@link StreamRoutes}, and errors
 * that Jetty answers before any route (a malformed request line or header) in {@link JsonErrorHandler}.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** How long Jetty's stop may take before the agent's close goes on without it (decision record 170). */
    static final java.time.Duration STOP_LIMIT = java.time.Duration.ofSeconds(15);
    private static final String P = "/api/v1";
    private static final Set<String> ACTION_FIELDS = Set.of("action");
    /** Idle request threads above the minimum end after this, all at once, so a burst of streams leaves no crowd. */
    private static final int THREAD_IDLE_MILLIS = 5_000;

    private final Engine engine;
    private final AgentConfig config;
    private final Messages.AgentInfo info;
    private final RequestGuard guard;
    private final StreamRoutes streams;
    private final ResourceRoutes resources;
    private final Javalin app;
    private final AgentTls tls;
    private final ConnectionGuard connections;
    private final RequestKeys requestKeys;
    private int port;

    /**
     * With {@code tls} non-null the agent serves HTTPS only, with the certificate {@code tls} keeps current. Every
     * request but health presents one of {@code tokens}.
     */
    public HttpApi(Engine engine, TokenRegistry tokens, Messages.AgentInfo info, AgentTls tls) {
        this.tls = tls;
        this.engine = engine;
        this.config = engine.config();
        // Kept in the state folder, so a repeat that reaches a restarted agent still gets the first job (decision record 168).
        this.requestKeys = RequestKeys.kept(config.stateDir(), java.time.Instant.now());
        this.info = info;
        this.guard = new RequestGuard(config, tokens, P + "/health", () -> port);
        this.streams = new StreamRoutes(engine, info, this::job, tokens);
        this.resources = new ResourceRoutes(engine);
        this.connections = new ConnectionGuard(config.maxConnections(), config.requestHeadTimeout());
        QueuedThreadPool pool = new QueuedThreadPool(config.maxStreams() + 64, 4, THREAD_IDLE_MILLIS);
        pool.setMaxEvictCount(config.maxStreams() + 64);
        pool.setName("capstan-http");
        pool.setDaemon(true);
        this.app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(ProtocolJson.mapper(), false));
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jetty.threadPool = pool;
            cfg.jetty.host = config.bindHost();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addEventListener(guardEveryConnector(server));
            });
            cfg.jetty.modifyHttpConfiguration(HttpApi::exactHeaders);
            cfg.startup.showJavalinBanner = false;
            if (tls != null) cfg.jetty.addConnector(this::tlsConnector);
            cfg.routes.before(guard::check);
            cfg.routes.get(P + "/health", ctx -> Responses.json(ctx, 200, new Messages.Health("ok")));
            cfg.routes.get(P + "/info", ctx -> Responses.json(ctx, 200,
                    new Messages.Info(info, engine.events().lastSeq(), streams.counts(), tls == null ? null : tls.info(),
                            connections.counts())));
            cfg.routes.get(P + "/deployments", this::listDeployments);
            cfg.routes.get(P + "/deployments/{d}", this::getDeployment);
            cfg.routes.post(P + "/deployments/{d}/jobs", ctx -> submit(ctx, false));
            cfg.routes.post(P + "/deployments/{d}/services/{s}/jobs", ctx -> submit(ctx, true));
            cfg.routes.get(P + "/deployments/{d}/services/{s}", this::getService);
            cfg.routes.get(P + "/deployments/{d}/resources",
                    ctx -> resources.deployment(ctx, name(ctx, "d"), runtime(name(ctx, "d"))));
            cfg.routes.get(P + "/deployments/{d}/services/{s}/resources",
                    ctx -> resources.service(ctx, name(ctx, "d"), name(ctx, "s"), runtime(name(ctx, "d"))));
            cfg.routes.get(P + "/deployments/{d}/services/{s}/logs",
                    ctx -> streams.serviceLogs(ctx, name(ctx, "d"), name(ctx, "s"), runtime(name(ctx, "d"))));
            cfg.routes.get(P + "/jobs", this::listJobs);
            cfg.routes.get(P + "/jobs/{id}", this::getJob);
            cfg.routes.post(P + "/jobs/{id}/cancel", this::cancel);
            cfg.routes.get(P + "/jobs/{id}/log", this::jobLog);
            cfg.routes.get(P + "/events", streams::events);
            cfg.routes.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e.code(), e.getMessage(), e.job(), e.reason()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.error(ctx, Responses.codeFor(e.getStatus()),
                    e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + e.getStatus() : e.getMessage(), null));
            cfg.routes.exception(Exception.class, this::unexpected);
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) Responses.error(ctx, ErrorCode.NOT_FOUND, "no such route: " + ctx.path(), null);
            });
            cfg.routes.error(405, ctx -> Responses.error(ctx, ErrorCode.NOT_FOUND,
                    "no such route: " + ctx.method() + " " + ctx.path(), null));
        });
    }

    /**
     * An exception no route turned into an answer. A request body that ended early or broke its chunked framing
     * surfaces here as Jetty's {@code HttpException} (an EOF while reading): that is the client's fault, 400.
     */
    private void unexpected(Exception e, Context ctx) {
        if (e instanceof org.eclipse.jetty.http.HttpException he && he.getCode() < 500) {
            Responses.error(ctx, Responses.codeFor(he.getCode()), "bad request: " + he.getReason(), null);
            return;
        }
        LOG.warn("internal error on {} {}", ctx.method(), ctx.path(), e);
        Responses.error(ctx, ErrorCode.INTERNAL, "internal error: " + e.getClass().getSimpleName(), null);
    }

    /**
     * Jetty keeps a per-connection cache of header fields and by default matches it ignoring case, values included:
     * after {@code Authorization: Bearer abc} was accepted on a connection, {@code Bearer ABC} on the same
     * connection read as the cached {@code abc} and passed. Header values must be read as sent.
     */
    private static void exactHeaders(HttpConfiguration http) {
        http.setHeaderCacheCaseSensitive(true);
    }

    /** Once the server starts, its connectors are all there: each one's new connections get the guard. */
    private LifeCycle.Listener guardEveryConnector(Server server) {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector c : server.getConnectors()) {
                    if (c instanceof ContainerLifeCycle container) container.addBean(connections);
                }
            }
        };
    }

    private Connector tlsConnector(Server server, HttpConfiguration plain) {
        SslContextFactory.Server ssl = tls.context();
        HttpConfiguration https = new HttpConfiguration(plain);
        exactHeaders(https);
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
        return streams.open();
    }

    /** Test seam: runs in a job-log stream after it read the retained lines and before it waits for live ones. */
    public void streamHook(Runnable hook) {
        streams.streamHook(hook);
    }

    @Override
    public void close() {
        streams.close();
        stopServer();
        connections.close();
        requestKeys.close();
    }

    /**
     * Stops Jetty, waiting at most {@link #STOP_LIMIT}. Jetty's stop waits without a limit for its selector to close
     * every connection ({@code ManagedSelector.doStop}); once, in CI, that wait never ended, and the agent's close with
     * it (decision record 170). An agent's close must end, so past the limit it goes on without Jetty, after logging
     * what each of the server's threads was doing: the process exits or the next agent starts, and the threads are
     * daemons.
     */
    private void stopServer() {
        Thread stopper = new Thread(app::stop, "capstan-http-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (!thread.getName().startsWith("capstan-http")) return;
                threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement frame : stack) threads.append("\n    at ").append(frame);
            });
            LOG.warn("the HTTP server did not stop within {} s; the agent goes on closing without it. Its threads:{}",
                    STOP_LIMIT.toSeconds(), threads);
        }
    }

    private static String name(Context ctx, String param) {
        String v = ctx.pathParam(param);
        checkName(v);
        return v;
    }

    /**
     * A name from a URL or a query, refused before any lookup with the rule in words: a deployment folder listed broken
     * for its name (FolderCatalog) is refused here, so its actions, logs and jobs say what is wrong with it.
     */
    private static void checkName(String v) {
        if (!Names.isValid(v)) throw new ApiException(ErrorCode.INVALID_NAME, "invalid name '" + v + "': " + Names.RULE);
    }

    /** The name of the token the request was accepted with (set by {@link RequestGuard}). */
    static String who(Context ctx) {
        return ctx.attribute(RequestGuard.WHO);
    }

    private DeploymentRuntime runtime(String d) {
        return engine.runtime(d).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no deployment " + d));
    }

    // ---- plain routes

    private void listDeployments(Context ctx) {
        long seq = engine.events().lastSeq();
        Responses.json(ctx, 200, new Messages.DeploymentList(seq, engine.deployments()));
    }

    private void getDeployment(Context ctx) {
        String d = name(ctx, "d");
        long seq = engine.events().lastSeq();
        Deployment dep = engine.deployment(d).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no deployment " + d));
        Responses.json(ctx, 200, new Messages.DeploymentEnvelope(seq, dep));
    }

    private void getService(Context ctx) {
        String d = name(ctx, "d");
        String s = name(ctx, "s");
        long seq = engine.events().lastSeq();
        Deployment dep = engine.deployment(d).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no deployment " + d));
        Service service = dep.services().stream().filter(x -> x.name().equals(s)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no service " + TargetName.of(d, s).label()));
        ServiceDetail detail = runtime(d).detail(s).orElse(null);
        Responses.json(ctx, 200, new Messages.ServiceEnvelope(seq, service, detail));
    }

    private void submit(Context ctx, boolean perService) {
        String d = name(ctx, "d");
        String s = perService ? name(ctx, "s") : null;
        ObjectNode node = JsonBody.object(ctx, config.maxBodyBytes(), ACTION_FIELDS);
        if (!node.path("action").isTextual()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "body must be {\"action\": \"start|stop|restart|rebuild\"}");
        }
        String a = node.get("action").asText();
        Action action = Action.parse(a).orElseThrow(() -> new ApiException(ErrorCode.UNSUPPORTED_ACTION, "unsupported action: " + a));
        DeploymentRuntime rt = runtime(d);
        TargetName target = TargetName.of(d, s);
        if (s != null && !rt.serviceNames().contains(s)) throw new ApiException(ErrorCode.NOT_FOUND, "no service " + target.label());
        if (!rt.supports(action, s)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_ACTION, a + " is not available on " + target.label());
        }
        String who = who(ctx);
        String key = requestKey(ctx);
        if (key != null) {
            RequestKeys.Claim claim = requestKeys.claim(who, key, action.wire() + " " + target.label(), java.time.Instant.now());
            if (claim instanceof RequestKeys.Claim.Made made) {
                // The same request again (its answer was lost): the job it made, as it is now, and no second job.
                Job job = job(made.jobId());
                ctx.header("Location", P + "/jobs/" + job.id());
                ctx.header(IdempotencyKey.REPLAYED, "true");
                Responses.json(ctx, 202, new Messages.JobEnvelope(job));
                return;
            }
            if (claim instanceof RequestKeys.Claim.InProgress) {
                ctx.header("Retry-After", "1");
                throw new ApiException(ErrorCode.BUSY, "a request with this " + IdempotencyKey.HEADER
                        + " is still being handled; try again in a moment");
            }
            if (claim instanceof RequestKeys.Claim.OtherRequest other) {
                throw new ApiException(ErrorCode.KEY_REUSED, IdempotencyKey.HEADER + " already used for " + other.request()
                        + "; a key names one request");
            }
        }
        boolean made = false;
        try {
            Job job = engine.submit(rt, s, action, who);
            made = true;
            if (key != null) requestKeys.made(who, key, job.id());
            ctx.header("Location", P + "/jobs/" + job.id());
            Responses.json(ctx, 202, new Messages.JobEnvelope(job));
        } catch (BusyException e) {
            AuditLog.refused(who, action.wire(), target.label(), e.getMessage(), java.time.Instant.now());
            if (e.holder() == null) {
                // No job holds it: its changed definition is being applied, which takes a moment (decision record 115).
                ctx.header("Retry-After", "1");
                throw new ApiException(ErrorCode.UNAVAILABLE, e.getMessage());
            }
            throw new ApiException(ErrorCode.BUSY, e.getMessage(), e.holder());
        } catch (JobNotRecordedException e) {
            AuditLog.refused(who, action.wire(), target.label(), e.getMessage(), java.time.Instant.now());
            throw new ApiException(ErrorCode.INSUFFICIENT_STORAGE, e.getMessage());
        } finally {
            if (key != null && !made) requestKeys.abandon(who, key);
        }
    }

    private void listJobs(Context ctx) {
        String d = Cursors.single(ctx, "deployment");
        String s = Cursors.single(ctx, "service");
        if (d != null && d.isEmpty()) d = null;
        if (s != null && s.isEmpty()) s = null;
        if (d != null) checkName(d);
        if (s != null) checkName(s);
        long limit = Math.max(1, Math.min(1000, Cursors.number(ctx, "limit", 100)));
        Responses.json(ctx, 200, new Messages.JobList(engine.jobs().list(d, s, (int) limit)));
    }

    /** The request's {@link IdempotencyKey}, or null when it has none. */
    private static String requestKey(Context ctx) {
        String value = ctx.header(IdempotencyKey.HEADER);
        if (value == null) {
            return null;
        }
        try {
            return IdempotencyKey.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private Job job(String id) {
        return engine.jobs().find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id));
    }

    private void getJob(Context ctx) {
        Responses.json(ctx, 200, new Messages.JobEnvelope(job(ctx.pathParam("id"))));
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            Optional<Job> j = engine.jobs().cancel(id, who(ctx));
            Responses.json(ctx, 202, new Messages.JobEnvelope(j.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id))));
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.BUSY, e.getMessage(), id);
        }
    }

    // ---- job output

    private void jobLog(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        job(id);
        LineLog log = engine.jobs().log(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job " + id));
        boolean stream = StreamRoutes.wantsStream(ctx);
        pastTheEnd(id, log, stream ? Cursors.lineSeq(ctx) : Cursors.number(ctx, "after", 0));
        if (!stream) {
            long after = Math.max(0, Cursors.number(ctx, "after", 0));
            int limit = (int) Math.max(1, Math.min(10_000, Cursors.number(ctx, "limit", 1000)));
            boolean closed = log.isClosed();
            SeqLog.Chunk<Line> c = log.read(after, limit);
            long next = after;
            if (c.gap() != null) next = c.gap().to();
            List<Line> lines = c.entries();
            if (!lines.isEmpty()) next = lines.get(lines.size() - 1).seq();
            boolean done = closed && next >= log.lastSeq();
            Responses.json(ctx, 200, new Messages.LogPage(lines, next, done));
            return;
        }
        streams.jobLog(ctx, id, log);
    }

    /** A resume point beyond the job's last line: refused, as on every stream ({@link Cursors#refusePastTheEnd}). */
    private static void pastTheEnd(String id, LineLog log, long after) {
        Cursors.refusePastTheEnd(Cursor.of(after), log.lastSeq(), "job " + id + ": its output ends at line", id);
    }
}
