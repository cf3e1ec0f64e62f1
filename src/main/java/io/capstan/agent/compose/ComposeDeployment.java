package io.capstan.agent.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.ResourceUsage;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.backend.StatusRollup;
import io.capstan.agent.containers.ContainerSampler;
import io.capstan.agent.containers.ResourceSums;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Names;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Compose project as a deployment. Actions are Compose verbs run on the job's thread; state comes from the
 * engine and is cached, re-read after every action and whenever the engine's event stream says a container of
 * the project changed (so {@link #snapshot()} never blocks). Closing stops the watchers only: containers belong
 * to the engine and keep running across an agent restart (decision record 10).
 */
final class ComposeDeployment implements DeploymentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeDeployment.class);
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(60);
    /** Signals that ask a process to reload or report, not to stop: a kill with one of them is not a stop. */
    private static final Set<String> NOT_A_STOP = Set.of("1", "10", "12", "28", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH");
    /** Engine event actions that can change what a service shows; exec_* (health probes) and the like cannot. */
    private static final Set<String> STATE_ACTIONS = Set.of("create", "start", "restart", "stop", "kill", "die", "oom",
            "pause", "unpause", "destroy", "rename", "update");

    private final String name;
    private final String project;
    private final Path folder;
    private final ComposeCli cli;
    private final ContainerSampler stats;
    private final List<Path> files;
    private final List<String> services;
    private final RuntimeContext context;
    private final Runnable onClose;
    private final Instant opened = Timestamps.millis(Instant.now());
    private final StopMarks stoppedOnPurpose;
    private final Map<String, ContainerLogFollower> followers = new LinkedHashMap<>();
    private final Object refreshLock = new Object();
    private final Refresher refresher;
    private final EngineWatch watch;
    private volatile Deployment snapshot;
    private volatile List<ContainerState> containers = List.of();

    private ComposeDeployment(String name, String project, Path folder, ComposeCli cli, ContainerSampler stats,
                              List<Path> files, List<String> services, RuntimeContext context, Runnable onClose) {
        this.name = name;
        this.project = project;
        this.folder = folder;
        this.cli = cli;
        this.stats = stats;
        this.files = files;
        this.services = List.copyOf(services);
        this.context = context;
        this.onClose = onClose;
        this.stoppedOnPurpose = new StopMarks(folder);
        List<Service> unknown = services.stream()
                .map(s -> new Service(s, ServiceStatus.UNKNOWN, opened, null, null, null, null, null)).toList();
        this.snapshot = new Deployment(name, ComposeBackend.KIND, DeploymentStatus.UNKNOWN, unknown, null, opened, null);
        for (String s : services) followers.put(s, new ContainerLogFollower(cli, s, context.serviceLog(s)));
        this.refresher = new Refresher();
        this.watch = new EngineWatch(cli, project, new Events());
    }

    /** Asks Compose for the file's services (which also validates it), reads the state, starts the watchers. */
    static ComposeDeployment open(String name, String project, Path folder, ComposeCli cli, ContainerSampler stats,
                                  RuntimeContext context, Runnable onClose) throws DeploymentConfigException {
        List<Path> files = ComposeFiles.all(folder);
        if (files.isEmpty()) throw new DeploymentConfigException("no compose file in " + folder);
        List<String> args = new ArrayList<>(globalArgs(project, folder, files));
        args.addAll(List.of("config", "--services"));
        CliCommand.Result r;
        try {
            r = CliCommand.capture(cli.compose(args), cli.env(), CONFIG_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentConfigException("interrupted while reading " + files.get(0));
        }
        if (!r.ok()) {
            String why = CliCommand.strip(String.join(" ", r.stderr().strip().lines().map(String::strip).toList()));
            throw new DeploymentConfigException(files.get(0) + ": " + (why.isEmpty() ? r.firstErrorLine() : why));
        }
        List<String> services = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (services.isEmpty()) throw new DeploymentConfigException(files.get(0) + ": no services");
        // Compose accepts names Capstan cannot serve (upper case, 64 characters and more): every service name is a
        // path segment of the protocol, a key of the agent's logs and locks, and a word a console matches. Refused at
        // load, with the rule, rather than half-served (decision record 131).
        for (String s : services) {
            if (!Names.isValid(s)) {
                throw new DeploymentConfigException(files.get(0) + ": invalid service name '" + s + "': " + Names.RULE
                        + "; rename the service");
            }
        }
        ComposeDeployment d = new ComposeDeployment(name, project, folder, cli, stats, files, services, context, onClose);
        d.start();
        return d;
    }

    private void start() {
        try {
            refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The log each service's container wrote before the agent opened the deployment: its last lines.
        for (String s : services) {
            ContainerState c = ServiceStates.mostAlive(s, containers);
            if (c != null) followers.get(s).follow(c.id(), true);
        }
        refresher.start();
        watch.start();
    }

    static List<String> globalArgs(String project, Path folder, List<Path> files) {
        List<String> args = new ArrayList<>(List.of("--ansi", "never", "-p", project, "--project-directory", folder.toString()));
        for (Path f : files) {
            args.add("-f");
            args.add(f.toString());
        }
        return args;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return ComposeBackend.KIND;
    }

    @Override
    public List<String> serviceNames() {
        return services;
    }

    @Override
    public Deployment snapshot() {
        return snapshot;
    }

    /**
     * Each running service's containers as the engine measures them (its stats, through {@link ContainerSampler}: no
     * process forked, nothing waited for; the figures are one interval old). A service with several containers (a
     * scaled one) gets their sum, and no figure while any of them has none, rather than a part passed off as the
     * whole.
     */
    @Override
    public Map<String, ResourceUsage> resources() {
        Map<String, List<String>> byService = new LinkedHashMap<>();
        for (ContainerState c : containers) {
            // "restarting" is not running here: the engine has no figures for a container between two runs.
            if (c.state().equals("running") && !c.oneOff() && services.contains(c.service())) {
                byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c.id());
            }
        }
        Map<String, ResourceUsage> measured = stats.usage(byService.values().stream().flatMap(List::stream).toList());
        Map<String, ResourceUsage> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byService.entrySet()) {
            ResourceUsage sum = ResourceSums.of(e.getValue().stream().map(measured::get).toList());
            if (sum != null) out.put(e.getKey(), sum);
        }
        return out;
    }

    /**
     * The verb mapping (docs/deployments.md): start is {@code up -d}, stop is {@code stop}, restart is
     * {@code stop} then {@code up -d} (containers kept, so nothing is destroyed that need not be), rebuild is
     * {@code build --no-cache} then {@code up -d --no-build --force-recreate}; for one service each gets the
     * service name, and {@code up} gets {@code --no-deps} so only the locked service is touched.
     */
    @Override
    public void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException {
        if (service != null && !services.contains(service)) {
            throw new ActionFailedException("deployment " + name + " has no service '" + service + "'", null);
        }
        if (snapshot.error() != null && refresh()) context.changed();
        String engineError = snapshot.error();
        if (engineError != null) {
            // Compose would fail too, with a stack trace that does not say where it looked for the engine.
            out.system(engineError);
            throw new ActionFailedException(engineError, null);
        }
        try {
            switch (action) {
                case START -> up(service, out, false);
                case STOP -> stop(service, out);
                case RESTART -> {
                    stop(service, out);
                    up(service, out, false);
                }
                case REBUILD -> {
                    run(withService(List.of("build", "--no-cache"), service), out);
                    up(service, out, true);
                }
                default -> throw new ActionFailedException("unsupported action " + action.wire(), null);
            }
        } finally {
            refreshAfterAction();
        }
    }

    private void up(String service, LineSink out, boolean recreate) throws ActionFailedException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("up", "-d"));
        if (recreate) args.addAll(List.of("--no-build", "--force-recreate"));
        if (service != null) args.add("--no-deps");
        run(withService(args, service), out);
    }

    private void stop(String service, LineSink out) throws ActionFailedException, InterruptedException {
        run(withService(List.of("stop"), service), out);
        // Deterministically "stopped", whether or not the engine's kill events have been read yet.
        refresh();
        for (ContainerState c : containers) {
            if (!c.running() && (service == null || service.equals(c.service()))) stoppedOnPurpose.add(c.id());
        }
    }

    private static List<String> withService(List<String> args, String service) {
        List<String> all = new ArrayList<>(args);
        if (service != null) all.add(service);
        return all;
    }

    private void run(List<String> verb, LineSink out) throws ActionFailedException, InterruptedException {
        List<String> args = new ArrayList<>(globalArgs(project, folder, files));
        args.addAll(verb);
        List<String> argv = cli.compose(args);
        out.system("$ " + String.join(" ", argv));
        int code;
        try {
            code = CliCommand.stream(argv, folder, composeEnv(), out);
        } catch (IOException e) {
            String msg = "cannot run " + argv.get(0) + ": " + e.getMessage();
            out.system(msg);
            throw new ActionFailedException(msg, null);
        }
        if (code != 0) {
            throw new ActionFailedException(String.join(" ", cli.compose(List.of(verb.get(0)))) + " failed with exit code " + code, code);
        }
    }

    /** Plain build progress from BuildKit (Compose v2), one step a line, unless the operator chose otherwise. */
    private Map<String, String> composeEnv() {
        Map<String, String> env = new HashMap<>(cli.env());
        if (System.getenv("BUILDKIT_PROGRESS") == null) env.putIfAbsent("BUILDKIT_PROGRESS", "plain");
        return env;
    }

    private void refreshAfterAction() {
        boolean interrupted = Thread.interrupted();
        try {
            if (refresh()) context.changed();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Reads the engine's state into the snapshot; true when what clients see changed. */
    private boolean refresh() throws InterruptedException {
        synchronized (refreshLock) {
            Deployment old = snapshot;
            List<Service> list;
            String error = null;
            try {
                List<ContainerState> now = ProjectContainers.read(cli, project);
                containers = now;
                stoppedOnPurpose.retain(now.stream().map(ContainerState::id).toList());
                list = ServiceStates.map(services, now, stoppedOnPurpose.snapshot(), opened);
            } catch (ProjectContainers.EngineUnavailable e) {
                error = "container engine unavailable: " + e.getMessage();
                list = services.stream().map(s -> new Service(s, ServiceStatus.UNKNOWN, opened, null, null, null, null, null)).toList();
            }
            DeploymentStatus status = error != null ? DeploymentStatus.UNKNOWN : StatusRollup.of(list);
            boolean changed = !list.equals(old.services()) || status != old.status() || !Objects.equals(error, old.error());
            Instant updated = changed ? Timestamps.millis(Instant.now()) : old.updatedAt();
            snapshot = new Deployment(name, ComposeBackend.KIND, status, list, null, updated, error);
            if (error != null && !error.equals(old.error())) LOG.warn("deployment {}: {}", name, error);
            return changed;
        }
    }

    @Override
    public void close() {
        watch.close();
        refresher.close();
        followers.values().forEach(ContainerLogFollower::close);
        onClose.run();
    }

    /** What the engine's event stream means for this deployment; runs on the watch's thread. */
    private final class Events implements EngineWatch.Listener {
        @Override
        public void connected() {
            // Whatever happened while the stream was down is only visible in the state: read it again.
            refresher.request();
        }

        @Override
        public void event(String action, String containerId, String service, JsonNode attributes) {
            boolean health = action.startsWith("health_status");
            if (!health && !STATE_ACTIONS.contains(action)) return;
            String shortId = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
            boolean oneOff = "true".equalsIgnoreCase(attributes.path(ContainerState.ONEOFF_LABEL).asText("false"));
            if (service != null && services.contains(service) && !oneOff) {
                LineSink log = context.serviceLog(service);
                switch (action) {
                    case "start" -> {
                        stoppedOnPurpose.remove(containerId);
                        log.system("container " + shortId + " started");
                        followers.get(service).follow(containerId, false);
                    }
                    case "kill" -> {
                        if (!NOT_A_STOP.contains(attributes.path("signal").asText(""))) stoppedOnPurpose.add(containerId);
                    }
                    case "die" -> log.system("container " + shortId + " exited with code " + attributes.path("exitCode").asText("?"));
                    default -> {
                        // Only the state changes; refreshed below.
                    }
                }
            }
            refresher.request();
        }
    }

    /** Re-reads the state off the caller's thread; requests made while a read runs fold into one more read. */
    private final class Refresher implements AutoCloseable {
        private final Thread thread = new Thread(this::run, "capstan-compose-state-" + name);
        private boolean requested;
        private boolean closed;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void request() {
            requested = true;
            notifyAll();
        }

        private void run() {
            while (true) {
                synchronized (this) {
                    try {
                        while (!requested && !closed) wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (closed) return;
                    requested = false;
                }
                try {
                    if (refresh()) context.changed();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("reading the state of {} failed", name, e);
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            thread.interrupt();
        }
    }
}
