package io.capstan.agent.process;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.backend.StatusRollup;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceDetail;
import io.capstan.protocol.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A deployment of native processes: one {@link ServiceSupervisor} per service, in start order. */
final class ProcessDeployment implements DeploymentRuntime {
    private final String name;
    private final Path folder;
    private final List<ServiceSupervisor> services = new ArrayList<>();
    private final AtomicReference<Instant> updatedAt = new AtomicReference<>(Timestamps.millis(Instant.now()));
    /** Health probes and policy restarts: a thread per service at most, so one slow probe holds up no other. */
    private final ScheduledThreadPoolExecutor pool;

    ProcessDeployment(String name, Path folder, ProcessSpec spec, RuntimeContext context, Duration startGrace) {
        this.name = name;
        this.folder = folder;
        this.pool = new ScheduledThreadPoolExecutor(Math.max(1, spec.services().size()), daemonThreads(name));
        pool.setRemoveOnCancelPolicy(true);
        for (ProcessSpec.ServiceSpec s : spec.services()) {
            Runnable changed = () -> {
                updatedAt.set(Timestamps.millis(Instant.now()));
                context.changed();
            };
            services.add(new ServiceSupervisor(s, context.serviceLog(s.name()), changed, startGrace,
                    new PidFile(folder, s.name()), pool));
        }
        // In reverse start order, as a stop would go.
        for (int i = services.size() - 1; i >= 0; i--) services.get(i).stopLeftover();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return ProcessBackend.KIND;
    }

    @Override
    public List<String> serviceNames() {
        return services.stream().map(ServiceSupervisor::name).toList();
    }

    @Override
    public Deployment snapshot() {
        List<Service> list = services.stream().map(ServiceSupervisor::snapshot).toList();
        return new Deployment(name, ProcessBackend.KIND, status(list), list, null, updatedAt.get(), null);
    }

    static DeploymentStatus status(List<Service> list) {
        return StatusRollup.of(list);
    }

    @Override
    public Optional<ServiceDetail> detail(String service) {
        for (ServiceSupervisor s : services) {
            if (s.name().equals(service)) return Optional.of(s.detail(name, folder.resolve(ProcessSpec.FILE_NAME)));
        }
        return Optional.empty();
    }

    @Override
    public java.util.Map<String, io.capstan.agent.backend.ResourceUsage> resources() {
        java.util.Map<String, io.capstan.agent.backend.ResourceUsage> out = new java.util.LinkedHashMap<>();
        for (ServiceSupervisor s : services) {
            io.capstan.agent.backend.ResourceUsage u = s.usage();
            if (u != null) out.put(s.name(), u);
        }
        return out;
    }

    @Override
    public void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException {
        List<ServiceSupervisor> targets = targets(service);
        switch (action) {
            case START -> start(targets, out);
            case STOP -> stop(targets, out);
            case RESTART -> {
                stop(targets, out);
                start(targets, out);
            }
            case REBUILD -> {
                build(targets, out);
                stop(targets, out);
                start(targets, out);
            }
            default -> throw new ActionFailedException("unsupported action " + action.wire(), null);
        }
    }

    /**
     * The names of the services marked {@code autostart: true}, in start order. Nothing is started here: the
     * engine runs a start job for them, so their output and a failure to start are visible like any job's.
     */
    @Override
    public List<String> autostartServices() {
        return services.stream().filter(s -> s.spec().autostart()).map(ServiceSupervisor::name).toList();
    }

    @Override
    public void close() {
        List<ServiceSupervisor> reverse = new ArrayList<>(services);
        Collections.reverse(reverse);
        for (ServiceSupervisor s : reverse) s.close();
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String deployment) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "capstan-supervision-" + deployment + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private List<ServiceSupervisor> targets(String service) throws ActionFailedException {
        if (service == null) return services;
        for (ServiceSupervisor s : services) {
            if (s.name().equals(service)) return List.of(s);
        }
        throw new ActionFailedException("deployment " + name + " has no service '" + service + "'", null);
    }

    private static void start(List<ServiceSupervisor> targets, LineSink out) throws ActionFailedException, InterruptedException {
        for (ServiceSupervisor s : targets) {
            checkInterrupted();
            s.start(out);
        }
    }

    private static void stop(List<ServiceSupervisor> targets, LineSink out) throws InterruptedException {
        for (int i = targets.size() - 1; i >= 0; i--) {
            checkInterrupted();
            targets.get(i).stop(out);
        }
    }

    private static void build(List<ServiceSupervisor> targets, LineSink out) throws ActionFailedException, InterruptedException {
        for (ServiceSupervisor s : targets) {
            List<List<String>> steps = s.spec().build();
            if (steps.isEmpty()) {
                out.system(s.name() + " has no build steps");
                continue;
            }
            for (int i = 0; i < steps.size(); i++) {
                checkInterrupted();
                List<String> argv = steps.get(i);
                String label = "build of " + s.name() + ", step " + (i + 1) + "/" + steps.size();
                out.system(label + ": " + String.join(" ", argv));
                int code;
                try {
                    code = BuildStep.run(argv, s.spec().workdir(), s.spec().env(), out, label);
                } catch (IOException e) {
                    String msg = label + " could not run: " + e.getMessage();
                    out.system(msg);
                    throw new ActionFailedException(msg, null);
                }
                out.system("exit code " + code);
                if (code != 0) throw new ActionFailedException(label + " failed with exit code " + code, code);
            }
        }
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException("job canceled");
    }
}
