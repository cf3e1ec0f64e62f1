package io.capstan.agent.resources;

import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.ResourceUsage;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.TargetName;
import io.capstan.protocol.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every deployment for its services' CPU and memory once an interval, on one thread of its own
 * ({@code capstan-resources}), and keeps the last hour per service in a {@link ResourceRing}. The latest sample of a
 * running service rides on every snapshot ({@code Service.resources}); the rings are served as series. Sampling
 * publishes no event: the figures change every few seconds, and a client that shows them asks for them (decision
 * record 86).
 */
public final class ResourceSampler implements AutoCloseable {
    /** How much history each service keeps. */
    public static final Duration HISTORY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ResourceSampler.class);

    private final Duration interval;
    private final Clock clock;
    private final Supplier<Collection<DeploymentRuntime>> runtimes;
    private final int capacity;
    private final Map<TargetName, ResourceRing> rings = new ConcurrentHashMap<>();
    private final Map<TargetName, ResourceSample> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-resources");
        t.setDaemon(true);
        return t;
    });

    public ResourceSampler(Duration interval, Clock clock, Supplier<Collection<DeploymentRuntime>> runtimes) {
        this.interval = interval;
        this.clock = clock;
        this.runtimes = runtimes;
        this.capacity = (int) Math.max(2, (HISTORY.toMillis() + interval.toMillis() - 1) / interval.toMillis());
    }

    /** Starts sampling, the first round one interval from now (a service just started has nothing to show yet). */
    public void start() {
        long ms = interval.toMillis();
        thread.scheduleAtFixedRate(this::sampleSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    public Duration interval() {
        return interval;
    }

    /** The latest sample of a service that ran at the last round, else empty. */
    public Optional<ResourceSample> latest(String deployment, String service) {
        return Optional.ofNullable(latest.get(TargetName.of(deployment, service)));
    }

    /** A service's samples after {@code since} (null: the whole hour kept), oldest first. */
    public List<ResourceSample> series(String deployment, String service, Instant since) {
        ResourceRing ring = rings.get(TargetName.of(deployment, service));
        return ring == null ? List.of() : ring.after(since);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("resource sampling failed", e);
        }
    }

    /** One round: every deployment, every running service. Package-visible for tests that drive rounds themselves. */
    void sample() {
        Set<TargetName> seen = new HashSet<>();
        Set<String> deployments = new HashSet<>();
        for (DeploymentRuntime rt : runtimes.get()) {
            deployments.add(rt.name());
            Map<String, ResourceUsage> figures;
            try {
                figures = rt.resources();
            } catch (RuntimeException e) {
                LOG.debug("resources of {} unavailable", rt.name(), e);
                continue;
            }
            Instant at = Timestamps.millis(clock.instant());
            for (Map.Entry<String, ResourceUsage> e : figures.entrySet()) {
                TargetName k = TargetName.of(rt.name(), e.getKey());
                ResourceSample s = new ResourceSample(at, e.getValue().cpu(), e.getValue().memory());
                rings.computeIfAbsent(k, x -> new ResourceRing(capacity)).add(s);
                latest.put(k, s);
                seen.add(k);
            }
        }
        latest.keySet().retainAll(seen);
        // A deployment that is gone takes its history with it; a stopped service keeps its hour, to be looked at.
        rings.keySet().removeIf(k -> !deployments.contains(k.deployment()));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
