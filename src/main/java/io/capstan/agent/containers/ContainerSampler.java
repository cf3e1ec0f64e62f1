package io.capstan.agent.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.capstan.agent.backend.ResourceUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each container's CPU and memory from one engine, through its Engine API ({@code /containers/{id}/stats}, one-shot),
 * never on the caller's thread (decision record 109).
 *
 * <p>The engine answers a stats request at its collector's next tick, about a second later, so a round of N containers
 * asked one after the other would hold the agent's sampling thread for N seconds. Instead {@link #usage} answers at
 * once with what the last reads found, and asks for a new read of each container on a small pool of its own
 * ({@value #CONCURRENCY} threads and as many connections, apart from every other client of the engine, so sampling
 * never takes a connection a job or an event stream needs). A container whose read has not come back is not asked
 * again: an engine that stops answering costs one waiting request per container, never a pile of them, and each
 * gives up after {@link #TIMEOUT}. A figure is served only while it is fresh (read for one of the last
 * {@value #FRESH_ASKS} asks): an engine that stopped answering shows no figure, not an old one.
 *
 * <p>CPU is the difference of the container's cumulative CPU time between two reads over the engine's own read
 * times; memory is usage minus inactive file cache, as {@code docker stats} shows it ({@link ContainerStats}). The
 * figures lag one sampling interval: those served now were read after the previous ask.
 */
public final class ContainerSampler implements AutoCloseable {
    /** Reads in flight at once; each mostly waits for the engine's one-second collector, so a few cover many. */
    static final int CONCURRENCY = 8;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How many asks a read stays servable for. */
    static final int FRESH_ASKS = 2;
    /** A container nobody asked about for this long is forgotten (its deployment was closed, it was removed). */
    private static final long FORGET_NANOS = Duration.ofMinutes(2).toNanos();
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSampler.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String host;
    private final DockerHttpClient http;
    private final String problem;
    private final ThreadPoolExecutor pool;
    private final Map<String, Entry> entries = new HashMap<>();
    private boolean closed;
    /** The engine's swarm node ID once asked ({@link #swarmNodeId}); when it was last asked. Guarded by the sampler. */
    private String nodeId;
    private long nodeIdAskedNanos;
    private boolean nodeIdInFlight;

    /** What is known of one container. Guarded by the sampler. */
    private static final class Entry {
        ContainerStats last;
        ContainerStats before;
        long asks;
        long readAtAsk = -FRESH_ASKS - 1;
        boolean inFlight;
        long lastAskedNanos;
    }

    /** For the engine at {@code dockerHost} ({@code unix://}, {@code tcp://}, with TLS from the usual variables). */
    public ContainerSampler(String dockerHost) {
        this.host = dockerHost;
        DockerHttpClient client = null;
        String why = null;
        try {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
            client = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(TIMEOUT).maxConnections(CONCURRENCY).build();
        } catch (RuntimeException e) {
            // ssh:// engines: the CLI reaches them, this client does not. Their containers get no figures.
            why = "CPU and memory are not sampled for the engine at " + dockerHost + " (" + e.getMessage() + ")";
            LOG.info(why);
        }
        this.http = client;
        this.problem = why;
        this.pool = new ThreadPoolExecutor(CONCURRENCY, CONCURRENCY, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "capstan-stats-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Idle between rounds most of the time: the threads come and go with the work.
        pool.allowCoreThreadTimeOut(true);
    }

    /** The engine's address, as given. */
    public String host() {
        return host;
    }

    /** Why this engine's containers are never sampled; null when they are. */
    public String problem() {
        return problem;
    }

    /**
     * The latest fresh figures of these containers (full ids; a container without a fresh read is left out, one with
     * a single read has memory and no CPU yet), and a new read of each that has none in flight. Never blocks on the
     * engine.
     */
    public Map<String, ResourceUsage> usage(Collection<String> containerIds) {
        Map<String, ResourceUsage> out = new LinkedHashMap<>();
        if (http == null) return out;
        long now = System.nanoTime();
        synchronized (this) {
            if (closed) return out;
            for (String id : containerIds) {
                if (!CONTAINER_ID.matcher(id).matches()) continue;
                Entry e = entries.computeIfAbsent(id, k -> new Entry());
                e.asks++;
                e.lastAskedNanos = now;
                if (e.last != null && e.readAtAsk >= e.asks - FRESH_ASKS) {
                    Double cpu = e.before == null ? null : ContainerStats.cpuPercent(e.before, e.last);
                    out.put(id, new ResourceUsage(cpu, e.last.memory()));
                }
                if (!e.inFlight) {
                    e.inFlight = true;
                    long ask = e.asks;
                    pool.execute(() -> read(id, e, ask));
                }
            }
            entries.values().removeIf(e -> !e.inFlight && now - e.lastAskedNanos > FORGET_NANOS);
        }
        return out;
    }

    /**
     * The swarm node this engine is ({@code Swarm.NodeID} of its {@code /info}), so a task's container is asked of the
     * engine of the node it runs on; null until known. Asked in the background (never on the caller's thread), again
     * a minute after an answer that named none.
     */
    public String swarmNodeId() {
        if (http == null) return null;
        synchronized (this) {
            long now = System.nanoTime();
            if (nodeId == null && !nodeIdInFlight && !closed
                    && (nodeIdAskedNanos == 0 || now - nodeIdAskedNanos > Duration.ofMinutes(1).toNanos())) {
                nodeIdInFlight = true;
                nodeIdAskedNanos = now;
                pool.execute(this::readNodeId);
            }
            return nodeId;
        }
    }

    private void readNodeId() {
        String id = null;
        DockerHttpClient.Request request = new DockerHttpClient.Request.Builder()
                .method(DockerHttpClient.Request.Method.GET).path("/info").build();
        try (DockerHttpClient.Response r = http.execute(request)) {
            if (r.getStatusCode() == 200) id = JSON.readTree(r.getBody()).path("Swarm").path("NodeID").asText("");
        } catch (IOException | RuntimeException ex) {
            LOG.debug("swarm node of the engine at {} unknown", host, ex);
        }
        synchronized (this) {
            nodeIdInFlight = false;
            if (id != null && !id.isEmpty()) nodeId = id;
        }
    }

    /** Reads in flight now (for tests: an engine that does not answer must not collect more). */
    synchronized int inFlight() {
        return (int) entries.values().stream().filter(e -> e.inFlight).count();
    }

    private void read(String id, Entry e, long ask) {
        ContainerStats stats = null;
        DockerHttpClient.Request request = new DockerHttpClient.Request.Builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/stats?stream=false&one-shot=true").build();
        try (DockerHttpClient.Response r = http.execute(request)) {
            if (r.getStatusCode() == 200) stats = ContainerStats.parse(JSON.readTree(r.getBody()));
        } catch (IOException | RuntimeException ex) {
            LOG.debug("stats of container {} at {} unavailable", id, host, ex);
        }
        synchronized (this) {
            e.inFlight = false;
            if (stats == null) {
                // No figure rather than a CPU rate over a gap the counter cannot account for.
                e.last = null;
                e.before = null;
                return;
            }
            e.before = e.last;
            e.last = stats;
            e.readAtAsk = ask;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            entries.clear();
        }
        pool.shutdownNow();
        if (http != null) {
            try {
                http.close();
            } catch (IOException e) {
                // Pooled connections only.
            }
        }
    }
}
