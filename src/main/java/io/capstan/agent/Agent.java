package io.capstan.agent;

import io.capstan.agent.auth.TokenFile;
import io.capstan.agent.auth.TokenRegistry;
import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.CatalogFactory;
import io.capstan.agent.http.HttpApi;
import io.capstan.agent.state.AgentLocks;
import io.capstan.agent.tls.AgentTls;
import io.capstan.agent.state.FolderLock;
import io.capstan.agent.state.LinesWhileAway;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Timestamps;
import io.capstan.protocol.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: catalogue, job engine, event hub and HTTP API. Start with {@link #start}. */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** File name of the generated token inside the state directory. */
    public static final String TOKEN_FILE = "agent.token";
    /** File name of the agent's stable id inside the state directory. */
    public static final String ID_FILE = "agent.id";

    private final AgentConfig config;
    private final Engine engine;
    private final Catalog catalog;
    private final HttpApi http;
    private final String token;
    private final Path tokenFile;
    private final AgentLocks locks;
    private final AgentTls tls;
    private final TokenRegistry tokens;
    private volatile boolean closed;

    private Agent(AgentConfig config, Engine engine, Catalog catalog, HttpApi http, String token, Path tokenFile,
            AgentLocks locks, AgentTls tls, TokenRegistry tokens) {
        this.tokens = tokens;
        this.locks = locks;
        this.tls = tls;
        this.config = config;
        this.engine = engine;
        this.catalog = catalog;
        this.http = http;
        this.token = token;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts an agent: state directory, token, job history, catalogue, the HTTP API, then the autostart jobs.
     *
     * @throws IllegalStateException when a non-loopback bind has neither TLS nor the insecure opt-out
     * @throws io.capstan.agent.state.FolderInUseException when another agent holds the state folder or a root
     */
    public static Agent start(AgentConfig config, CatalogFactory catalogs) {
        return start(config, catalogs, true);
    }

    /**
     * As {@link #start}, except that the services marked {@code autostart} wait for {@link #startServices()}. The
     * console's own agent uses it: on a first start the demo services' JVMs would compete for a small machine's cores
     * with the console's first fetch and frame, so the console starts them once it has shown the deployments
     * (issue 12, decision record 53).
     */
    public static Agent startWithServicesHeld(AgentConfig config, CatalogFactory catalogs) {
        return start(config, catalogs, false);
    }

    private static Agent start(AgentConfig config, CatalogFactory catalogs, boolean autostart) {
        checkBind(config);
        Path state = config.stateDir();
        OwnerOnly.folder(state);
        // First of all: a second agent on these folders must leave the first one's jobs, services and files alone.
        AgentLocks locks = AgentLocks.acquire(state, catalogs.roots());
        try {
            return start(config, catalogs, locks, autostart);
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    private static Agent start(AgentConfig config, CatalogFactory catalogs, AgentLocks locks, boolean autostart) {
        Path state = config.stateDir();
        OwnerOnly.filesIn(state);
        Path tokenFile = config.token() == null ? state.resolve(TOKEN_FILE) : null;
        long pid = ProcessHandle.current().pid();
        locks.describe(new FolderLock.Holder(pid, null, state.toAbsolutePath(), absolute(tokenFile)));
        String token = config.token() != null ? config.token() : loadOrCreateToken(tokenFile);
        // The generated token is the first named one ("owner"); an operator's token stays outside the file.
        TokenFile tokenList = new TokenFile(state);
        tokenList.initialize(config.token() == null ? token : null);
        TokenRegistry tokens = new TokenRegistry(tokenList, config.token(), Clock.systemUTC());
        String id = loadOrCreateId(state.resolve(ID_FILE));
        Clock clock = Clock.systemUTC();
        Engine engine = new Engine(config, clock);
        Messages.AgentInfo info = new Messages.AgentInfo(id, config.agentName() != null ? config.agentName() : hostName(),
                Version.current(), engine.events().epoch(), Timestamps.millis(clock.instant()));
        Catalog catalog;
        try {
            catalog = catalogs.create(engine);
        } catch (RuntimeException e) {
            engine.jobs().close();
            engine.close();
            throw e;
        }
        engine.attach(catalog);
        takeLinesWhileAway(state, engine);
        AgentTls tls;
        try {
            tls = AgentTls.open(config);
        } catch (RuntimeException e) {
            engine.jobs().close();
            catalog.close();
            engine.close();
            throw e;
        }
        HttpApi http = new HttpApi(engine, tokens, info, tls);
        try {
            catalog.start(engine);
            http.start();
            if (autostart) engine.releaseAutostarts();
        } catch (RuntimeException e) {
            http.close();
            if (tls != null) tls.close();
            engine.jobs().close();
            catalog.close();
            engine.close();
            throw e;
        }
        Agent agent = new Agent(config, engine, catalog, http, token, tokenFile, locks, tls, tokens);
        locks.describe(new FolderLock.Holder(pid, agent.baseUrl(), state.toAbsolutePath(), absolute(tokenFile)));
        LOG.info("capstan agent {} listening on {}", Version.current(), agent.baseUrl());
        LOG.info(tokenFile != null ? "token file: " + tokenFile : "token supplied by the operator");
        LOG.info("named tokens: {} (capstan agent token add|list|revoke)", tokenList.path());
        if (tls != null) LOG.info("TLS certificate SHA-256 fingerprint: {}", tls.info().fingerprint());
        return agent;
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath();
    }

    private static void checkBind(AgentConfig config) {
        if (isLoopback(config.bindHost()) || config.tls()) return;
        if (!config.insecureBind()) {
            throw new IllegalStateException("refusing to bind " + config.bindHost()
                    + " without TLS: serve HTTPS (capstan agent --tls), bind a loopback address, or pass --insecure-bind");
        }
        LOG.warn("!!! INSECURE: binding non-loopback address {} WITHOUT TLS; the token travels in clear text !!!",
                config.bindHost());
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "capstan";
        }
    }

    private static String loadOrCreateToken(Path file) {
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!t.isEmpty()) return t;
            }
            String t = TokenFile.newToken();
            writeOwnerOnly(file, t + "\n");
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(perms));
        } else {
            Files.createFile(tmp);
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp); // a full disk must not leave an empty token file behind
        }
    }

    private static String loadOrCreateId(Path file) {
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!t.isEmpty()) return t;
            }
            String id = UUID.randomUUID().toString();
            writeOwnerOnly(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return http.port();
    }

    /** {@code http(s)://<host>:<port>} (IPv6 literals in brackets; a wildcard bind reads as 127.0.0.1). */
    public String baseUrl() {
        String h = config.bindHost();
        if (h.equals("0.0.0.0") || h.equals("::")) h = "127.0.0.1";
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return (config.tls() ? "https://" : "http://") + h + ":" + port();
    }

    public String token() {
        return token;
    }

    /** The certificate served now (fingerprint, subject, end of validity), or null over plain HTTP. */
    public Messages.Tls tls() {
        return tls == null ? null : tls.info();
    }

    /** The generated certificate's PEM file, or null when there is none (plain HTTP, or the operator's certificate). */
    public Path certificateFile() {
        return tls == null ? null : tls.certificateFile();
    }

    /** The token file, or null when the operator supplied the token. */
    public Path tokenFile() {
        return tokenFile;
    }

    /**
     * What the console's lifeline said of each service it stopped after the console died goes into that service's log,
     * with when it was said, before anyone can read it (decision record 169).
     */
    private static void takeLinesWhileAway(Path state, Engine engine) {
        try {
            for (LinesWhileAway.Said said : LinesWhileAway.takeAll(state)) {
                engine.serviceLog(said.deployment(), said.service()).system("while no agent ran (" + said.at()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "), the killed console's lifeline: " + said.text());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read what the console's lifeline said of the services in {}: {}", state, e.toString());
        }
    }

    public Path stateDir() {
        return config.stateDir();
    }

    public AgentConfig config() {
        return config;
    }

    /** Streams (SSE subscriptions) open now. */
    public int openStreams() {
        return http.openStreams();
    }

    /** The event epoch of this run. */
    public String epoch() {
        return engine.events().epoch();
    }

    Engine engine() {
        return engine;
    }

    HttpApi http() {
        return http;
    }

    /**
     * Submits the autostart jobs held by {@link #startWithServicesHeld}, and from now on those of deployments found
     * later. Does nothing the second time, or for an agent started with {@link #start}.
     */
    public void startServices() {
        if (!closed) engine.releaseAutostarts();
    }

    /** False once {@link #close} has begun. */
    public boolean open() {
        return !closed;
    }

    /** Stops the HTTP API, interrupts running jobs (they end as interrupted) and closes the catalogue. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        engine.events().close();
        http.close();
        if (tls != null) tls.close();
        engine.jobs().close();
        catalog.close();
        engine.close();
        tokens.flush();
        // Last: until its services are stopped and its jobs written, the folders are still this agent's.
        locks.close();
        LOG.info("capstan agent stopped");
    }
}
