package io.capstan.agent;

import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.backend.RuntimeContextFactory;
import io.capstan.agent.events.EventHub;
import io.capstan.agent.jobs.BusyException;
import io.capstan.agent.jobs.JobNotRecordedException;
import io.capstan.agent.jobs.JobManager;
import io.capstan.agent.logs.LineLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import io.capstan.protocol.TargetName;
import io.capstan.protocol.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the catalogue, the job manager, the service logs and the event hub together: the state the HTTP
 * layer serves.
 */
public final class Engine implements RuntimeContextFactory, Catalog.Listener, JobManager.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final AgentConfig config;
    private final Clock clock;
    private final EventHub events;
    private final JobManager jobs;
    private final Map<TargetName, LineLog> serviceLogs = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** The last snapshot published per deployment, read and written on the publisher thread only. */
    private final Map<String, Deployment> published = new java.util.HashMap<>();
    /** Autostarts found while the agent starts, held until it listens (see {@link #releaseAutostarts}). */
    private List<DeploymentRuntime> heldAutostarts = new java.util.ArrayList<>();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "capstan-publisher");
        t.setDaemon(true);
        return t;
    });
    private volatile Catalog catalog;
    private final io.capstan.agent.resources.ResourceSampler resources;

    public Engine(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.events = new EventHub(config.eventRetention());
        this.jobs = new JobManager(config, clock, this);
        this.resources = new io.capstan.agent.resources.ResourceSampler(config.resourceInterval(), clock, () -> {
            Catalog c = catalog;
            return c == null ? List.of() : c.all();
        });
    }

    void attach(Catalog c) {
        this.catalog = c;
        resources.start();
    }

    /** The services' CPU and memory, sampled every {@link AgentConfig#resourceInterval()}, the last hour kept. */
    public io.capstan.agent.resources.ResourceSampler resources() {
        return resources;
    }

    public EventHub events() {
        return events;
    }

    public JobManager jobs() {
        return jobs;
    }

    public AgentConfig config() {
        return config;
    }

    public Optional<DeploymentRuntime> runtime(String name) {
        Catalog c = catalog;
        return c == null ? Optional.empty() : c.find(name);
    }

    /** The deployment with {@code activeJob} filled in from the locks. */
    public Optional<Deployment> deployment(String name) {
        return runtime(name).map(this::snapshot);
    }

    /** All deployments by name. */
    public List<Deployment> deployments() {
        Catalog c = catalog;
        if (c == null) return List.of();
        List<Deployment> out = new ArrayList<>();
        for (DeploymentRuntime rt : c.all()) out.add(snapshot(rt));
        out.sort(Comparator.comparing(Deployment::name));
        return out;
    }

    private Deployment snapshot(DeploymentRuntime rt) {
        Deployment d;
        try {
            d = rt.snapshot();
        } catch (RuntimeException e) {
            LOG.warn("snapshot of {} failed", rt.name(), e);
            d = new Deployment(rt.name(), rt.backend(), DeploymentStatus.UNKNOWN, List.of(), null,
                    Timestamps.millis(clock.instant()), "state unavailable: " + e.getMessage());
        }
        String name = d.name() == null ? rt.name() : d.name();
        List<Service> services = new ArrayList<>();
        for (Service s : d.services()) {
            services.add(s.withActiveJob(jobs.serviceHolder(name, s.name()))
                    .withResources(resources.latest(name, s.name()).orElse(null)));
        }
        return new Deployment(name, d.backend(), d.status(), services, jobs.deploymentHolder(name), d.updatedAt(),
                d.error(), d.nodes());
    }

    /** Starts a job on behalf of {@code who} (a token's name), recorded on the job and in the audit log. */
    public Job submit(DeploymentRuntime rt, String service, Action action, String who) throws BusyException {
        return jobs.submit(rt, service, action, who);
    }

    /** The runtime log of one service (created on first use). */
    public LineLog serviceLog(String deployment, String service) {
        return serviceLogs.computeIfAbsent(TargetName.of(deployment, service),
                k -> new LineLog(0, config.serviceLogLines(), config.lineMaxBytes(), null, clock));
    }

    @Override
    public RuntimeContext forDeployment(String deployment) {
        return new RuntimeContext() {
            @Override
            public LineSink serviceLog(String service) {
                return Engine.this.serviceLog(deployment, service);
            }

            @Override
            public void changed() {
                deploymentTouched(deployment);
            }
        };
    }

    @Override
    public void added(DeploymentRuntime runtime) {
        deploymentTouched(runtime.name());
        synchronized (this) {
            if (heldAutostarts != null) {
                heldAutostarts.add(runtime);
                return;
            }
        }
        autostart(runtime);
    }

    /**
     * Submits the autostart jobs of the deployments found so far, and from now on as they are found. The agent calls
     * it once it listens: starting services means starting processes, which on a small machine would otherwise slow
     * the agent's own start-up and delay the first list a console shows (benchmark scenario 7).
     */
    public void releaseAutostarts() {
        List<DeploymentRuntime> held;
        synchronized (this) {
            held = heldAutostarts;
            heldAutostarts = null;
        }
        if (held != null) {
            held.forEach(this::autostart);
        }
    }

    private void autostart(DeploymentRuntime runtime) {
        List<String> auto;
        try {
            auto = runtime.autostartServices();
        } catch (RuntimeException e) {
            LOG.warn("autostart list of {} failed", runtime.name(), e);
            return;
        }
        for (String s : auto) {
            try {
                Job j = jobs.submit(runtime, s, Action.START, Job.AGENT);
                LOG.info("autostart {}/{}: job {}", runtime.name(), s, j.id());
            } catch (BusyException | JobNotRecordedException e) {
                LOG.warn("autostart {}/{} skipped: {}", runtime.name(), s, e.getMessage());
            }
        }
    }

    @Override
    public void changed(DeploymentRuntime runtime) {
        deploymentTouched(runtime.name());
    }

    @Override
    public boolean applyingChange(String name) {
        return jobs.applyingChange(name);
    }

    @Override
    public void changeApplied(String name) {
        jobs.changeApplied(name);
    }

    @Override
    public void removed(String name) {
        jobs.cancelAll(name, "the deployment's folder was removed or renamed");
        try {
            publisher.execute(() -> {
                published.remove(name);
                events.publish(seq -> new Messages.DeploymentRemoved(seq, name));
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("agent closing; removal of {} not published", name);
        }
    }

    @Override
    public void jobChanged(Job job) {
        events.publish(seq -> new Messages.JobEvent(seq, job));
    }

    /**
     * Publishes the deployment's state. Never blocks the caller (a backend may call {@code changed()} while
     * holding its own locks): one publisher thread takes the snapshot and publishes it, and coalesces
     * bursts. A snapshot taken later is never published before an earlier one.
     */
    @Override
    public void deploymentTouched(String deployment) {
        if (!dirty.add(deployment)) return;
        try {
            publisher.execute(() -> {
                dirty.remove(deployment);
                Optional<DeploymentRuntime> rt = runtime(deployment);
                if (rt.isEmpty()) return;
                Deployment d = snapshot(rt.get());
                events.publish(seq -> new Messages.DeploymentEvent(seq, d));
                for (ServiceChanges.Change c : ServiceChanges.between(published.put(deployment, d), d)) {
                    events.publish(seq -> c.withSeq(seq, deployment, Timestamps.millis(clock.instant())));
                }
            });
        } catch (RejectedExecutionException e) {
            dirty.remove(deployment);
        }
    }

    /** Stops the publisher thread. */
    void close() {
        resources.close();
        publisher.shutdownNow();
    }
}
