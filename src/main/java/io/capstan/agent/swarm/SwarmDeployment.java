package io.capstan.agent.swarm;

import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.ResourceUsage;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.StatusRollup;
import io.capstan.agent.compose.CliCommand;
import io.capstan.agent.containers.ContainerSampler;
import io.capstan.agent.containers.ResourceSums;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A swarm stack as a deployment. Actions are CLI commands on the job's thread followed by a {@link Rollout} that
 * waits for convergence; state is polled from the manager (and on the engine's service and node events) into a
 * cached snapshot, so {@link #snapshot()} never blocks. Closing stops the watchers only: services belong to the
 * swarm and keep running across an agent restart, as compose containers do (decision record 10).
 */
final class SwarmDeployment implements DeploymentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmDeployment.class);
    private static final Duration SHORT = Duration.ofSeconds(60);

    private final String name;
    private final String stack;
    private final Path folder;
    private final StackFile file;
    private final SwarmEngine engine;
    private final RuntimeContext context;
    private final Runnable onClose;
    private final Instant opened = Timestamps.millis(Instant.now());
    private final Object refreshLock = new Object();
    private final StateWatch watch;
    private final ServiceLogs logs;
    private volatile Deployment snapshot;
    private volatile SwarmState last;

    SwarmDeployment(String name, String stack, Path folder, StackFile file, SwarmEngine engine, RuntimeContext context,
                    Runnable onClose) {
        this.name = name;
        this.stack = stack;
        this.folder = folder;
        this.file = file;
        this.engine = engine;
        this.context = context;
        this.onClose = onClose;
        List<io.capstan.protocol.Service> unknown = file.serviceNames().stream()
                .map(s -> new io.capstan.protocol.Service(s, ServiceStatus.UNKNOWN, opened, null, null, null, null, null))
                .toList();
        this.snapshot = new Deployment(name, SwarmBackend.KIND, DeploymentStatus.UNKNOWN, unknown, null, opened, null);
        this.logs = new ServiceLogs(engine, stack, file.serviceNames(), context, () -> last);
        this.watch = new StateWatch(engine, name, this::refreshQuietly);
    }

    void start() {
        refreshQuietly();
        watch.start();
        logs.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return SwarmBackend.KIND;
    }

    @Override
    public List<String> serviceNames() {
        return file.serviceNames();
    }

    @Override
    public Deployment snapshot() {
        return snapshot;
    }

    /**
     * The verbs (docs/deployments.md): start deploys the stack ({@code docker stack deploy}), or for one service
     * scales it back to the replicas the file declares; stop scales to 0; restart is a rolling force-update;
     * rebuild builds and pushes the images the stack builds and rolls the services onto them by digest. Each waits
     * until the services have converged.
     */
    @Override
    public void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException {
        if (service != null && !file.services().containsKey(service)) {
            throw new ActionFailedException("deployment " + name + " has no service '" + service + "'", null);
        }
        String problem = engine.problem();
        if (problem != null) {
            out.system(problem);
            throw new ActionFailedException(problem, null);
        }
        List<String> targets = service == null ? file.serviceNames() : List.of(service);
        try {
            switch (action) {
                case START -> start(service, targets, out);
                case STOP -> scale(targets, 0, out);
                case RESTART -> restart(targets, out);
                case REBUILD -> rebuild(targets, out);
                default -> throw new ActionFailedException("unsupported action " + action.wire(), null);
            }
        } finally {
            refreshQuietly();
        }
    }

    private void start(String service, List<String> targets, LineSink out) throws ActionFailedException, InterruptedException {
        SwarmState before = read();
        if (service == null) {
            run(List.of("stack", "deploy", "--resolve-image", "never", "-c", file.path().toString(), stack), out);
        } else {
            if (!before.services().containsKey(service)) {
                throw fail(out, "service " + service + " is not deployed yet; start the whole deployment first");
            }
            Integer replicas = file.services().get(service).replicas();
            if (replicas == null) {
                out.system(service + " is a global service: it runs one task per node");
            } else {
                run(List.of("service", "scale", "--detach", stack + "_" + service + "=" + replicas), out);
            }
        }
        new Rollout(this::read, out, targets, before).await();
    }

    private void scale(List<String> targets, int replicas, LineSink out) throws ActionFailedException, InterruptedException {
        SwarmState before = read();
        List<String> args = new ArrayList<>(List.of("service", "scale", "--detach"));
        List<String> deployed = new ArrayList<>();
        for (String t : targets) {
            if (!before.services().containsKey(t)) {
                out.system(t + " is not deployed; nothing to stop");
                continue;
            }
            if (file.services().get(t).replicas() == null) {
                throw fail(out, t + " is a global service: it cannot be scaled to 0 (remove it from the stack instead)");
            }
            args.add(stack + "_" + t + "=" + replicas);
            deployed.add(t);
        }
        if (deployed.isEmpty()) return;
        run(args, out);
        new Rollout(this::read, out, deployed, before).await();
    }

    private void restart(List<String> targets, LineSink out) throws ActionFailedException, InterruptedException {
        SwarmState before = read();
        for (String t : targets) {
            if (!before.services().containsKey(t)) throw fail(out, "service " + t + " is not deployed; start it first");
        }
        for (String t : targets) run(List.of("service", "update", "--force", "--detach", stack + "_" + t), out);
        new Rollout(this::read, out, targets, before).await();
    }

    private void rebuild(List<String> targets, LineSink out) throws ActionFailedException, InterruptedException {
        List<String> built = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (String t : targets) {
            StackFile.Declared d = file.services().get(t);
            if (d.buildContext() == null) {
                out.system(t + ": no build in " + file.path().getFileName() + "; its image is left as it is");
                continue;
            }
            List<String> build = new ArrayList<>(List.of("build", "--no-cache", "-t", d.image()));
            if (d.dockerfile() != null) build.addAll(List.of("-f", d.buildContext().resolve(d.dockerfile()).toString()));
            build.add(d.buildContext().toString());
            run(build, out);
            refs.add(Images.pushAndPin(this, engine, d.image(), out));
            built.add(t);
        }
        if (built.isEmpty()) throw fail(out, "nothing to rebuild: no targeted service has a build");
        SwarmState before = read();
        for (int i = 0; i < built.size(); i++) {
            String t = built.get(i);
            if (!before.services().containsKey(t)) {
                out.system(t + " is not deployed; its new image is used when the stack is started");
                continue;
            }
            // --force: a rebuild that produced the same image (every layer cached upstream) still rolls the tasks.
            run(List.of("service", "update", "--detach", "--force", "--no-resolve-image", "--image", refs.get(i),
                    stack + "_" + t), out);
        }
        List<String> deployed = built.stream().filter(before.services()::containsKey).toList();
        if (!deployed.isEmpty()) new Rollout(this::read, out, deployed, before).await();
    }

    private ActionFailedException fail(LineSink out, String message) {
        out.system(message);
        return new ActionFailedException(message, null);
    }

    /** Runs {@code docker <args>} in the deployment folder, its output into the job; a non-zero exit fails it. */
    void run(List<String> args, LineSink out) throws ActionFailedException, InterruptedException {
        List<String> argv = engine.docker(args);
        out.system("$ " + String.join(" ", argv));
        int code;
        try {
            code = CliCommand.stream(argv, folder, engine.env(), out);
        } catch (IOException e) {
            throw fail(out, "cannot run docker: " + e.getMessage());
        }
        if (code != 0) {
            throw new ActionFailedException("docker " + args.get(0) + " " + args.get(1) + " failed with exit code " + code, code);
        }
    }

    /** Runs a short {@code docker} command and returns its stdout; failures end the action with the CLI's message. */
    String capture(List<String> args) throws ActionFailedException, InterruptedException {
        CliCommand.Result r = CliCommand.capture(engine.docker(args), engine.env(), SHORT);
        if (!r.ok()) throw new ActionFailedException("docker " + String.join(" ", args) + ": " + r.firstErrorLine(), r.exitCode());
        return r.stdout();
    }

    /**
     * Each running service's tasks as the engines of their nodes measure them (the manager's own engine, and the node
     * engines the operator listed): the sum over its running tasks, and no figure at all while any running task is on
     * a node no known engine answers for, rather than part of the service passed off as the whole. Reads the last
     * polled state and what the samplers already hold; never waits for an engine.
     */
    @Override
    public Map<String, ResourceUsage> resources() {
        SwarmState s = last;
        if (s == null) return Map.of();
        Map<String, ContainerSampler> byNode = engine.samplersByNode();
        Map<String, List<Task>> running = new LinkedHashMap<>();
        Map<ContainerSampler, List<String>> asks = new LinkedHashMap<>();
        for (String n : file.serviceNames()) {
            com.github.dockerjava.api.model.Service svc = s.services().get(n);
            if (svc == null) continue;
            List<Task> tasks = s.tasksOf(svc).stream()
                    .filter(t -> SwarmState.state(t) == TaskState.RUNNING && !s.onNodeDown(t)).toList();
            if (tasks.isEmpty() || !tasks.stream().allMatch(t -> byNode.containsKey(t.getNodeId()) && container(t) != null)) {
                continue;
            }
            running.put(n, tasks);
            for (Task t : tasks) asks.computeIfAbsent(byNode.get(t.getNodeId()), k -> new ArrayList<>()).add(container(t));
        }
        Map<String, ResourceUsage> measured = new HashMap<>();
        asks.forEach((sampler, ids) -> measured.putAll(sampler.usage(ids)));
        Map<String, ResourceUsage> out = new LinkedHashMap<>();
        running.forEach((n, tasks) -> {
            ResourceUsage sum = ResourceSums.of(tasks.stream().map(t -> measured.get(container(t))).toList());
            if (sum != null) out.put(n, sum);
        });
        return out;
    }

    private static String container(Task t) {
        return t.getStatus() == null || t.getStatus().getContainerStatus() == null ? null
                : t.getStatus().getContainerStatus().getContainerID();
    }

    /** Reads the state and publishes it when it changed; the action's reader. */
    SwarmState read() throws ActionFailedException, InterruptedException {
        synchronized (refreshLock) {
            SwarmState s;
            try {
                s = SwarmState.read(engine.api(), stack);
            } catch (RuntimeException e) {
                // A cancel or the agent's shutdown interrupts the job's thread inside a call; the transport reports
                // that as an I/O error, which must not read as the engine being down.
                if (Thread.currentThread().isInterrupted() || SwarmState.interrupted(e)) {
                    throw new InterruptedException("interrupted while reading the swarm's state");
                }
                unavailable("container engine unavailable: " + SwarmState.why(e));
                throw new ActionFailedException("container engine unavailable: " + SwarmState.why(e), null);
            }
            publish(s);
            return s;
        }
    }

    private void refreshQuietly() {
        synchronized (refreshLock) {
            try {
                String problem = last == null ? engine.problem() : null;
                if (problem != null) {
                    unavailable(problem);
                    return;
                }
                publish(SwarmState.read(engine.api(), stack));
            } catch (RuntimeException e) {
                unavailable("container engine unavailable: " + SwarmState.why(e));
            }
        }
    }

    private void publish(SwarmState s) {
        last = s;
        Deployment old = snapshot;
        List<io.capstan.protocol.Service> list = new ArrayList<>();
        for (String n : file.serviceNames()) list.add(SwarmView.service(n, s.services().get(n), s, opened));
        DeploymentStatus status = StatusRollup.of(list);
        var nodes = SwarmView.nodes(s);
        boolean changed = !withoutSince(list).equals(withoutSince(old.services())) || status != old.status()
                || old.error() != null || !Objects.equals(nodes, old.nodes());
        if (!changed) return;
        snapshot = new Deployment(name, SwarmBackend.KIND, status, list, null, Timestamps.millis(Instant.now()), null, nodes);
        context.changed();
    }

    /** A service's {@code since} follows the service's update time, which alone is no news. */
    private static List<Object> withoutSince(List<io.capstan.protocol.Service> list) {
        return list.stream().map(s -> (Object) List.of(s.name(), s.status(), Objects.toString(s.exitCode()),
                Objects.toString(s.replicas()), Objects.toString(s.tasks()))).toList();
    }

    private void unavailable(String error) {
        last = null;
        Deployment old = snapshot;
        if (error.equals(old.error())) return;
        LOG.warn("deployment {}: {}", name, error);
        List<io.capstan.protocol.Service> unknown = file.serviceNames().stream()
                .map(s -> new io.capstan.protocol.Service(s, ServiceStatus.UNKNOWN, opened, null, null, null, null, null))
                .toList();
        snapshot = new Deployment(name, SwarmBackend.KIND, DeploymentStatus.UNKNOWN, unknown, null,
                Timestamps.millis(Instant.now()), error);
        context.changed();
    }

    @Override
    public void close() {
        watch.close();
        logs.close();
        onClose.run();
    }
}
