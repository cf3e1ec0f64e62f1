package io.capstan.agent;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime whose actions run real processes (argument vectors, no shell). A test sets {@link #behaviour}
 * to script an action (print, hold on a latch, fail, hang); the default runs {@code echo}.
 */
final class TestRuntime implements DeploymentRuntime {

    @FunctionalInterface
    interface Behaviour {
        void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException;
    }

    private final String name;
    private final List<String> services;
    final RuntimeContext context;
    private final Map<String, ServiceStatus> states = new ConcurrentHashMap<>();
    volatile Behaviour behaviour = (a, s, out) -> run(out, "echo", a.wire() + " " + (s == null ? "all" : s));
    volatile List<String> autostart = List.of();
    /** When set, {@link #snapshot()} takes this monitor, like a backend guarding its state with a lock. */
    volatile Object snapshotLock;

    TestRuntime(String name, List<String> services, RuntimeContext context) {
        this.name = name;
        this.services = List.copyOf(services);
        this.context = context;
        for (String s : services) states.put(s, ServiceStatus.STOPPED);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return "process";
    }

    @Override
    public List<String> serviceNames() {
        return services;
    }

    @Override
    public Deployment snapshot() {
        Object lock = snapshotLock;
        if (lock != null) {
            synchronized (lock) {
                return snapshotUnlocked();
            }
        }
        return snapshotUnlocked();
    }

    private Deployment snapshotUnlocked() {
        List<Service> out = new ArrayList<>();
        int up = 0;
        for (String s : services) {
            ServiceStatus st = states.get(s);
            if (st == ServiceStatus.RUNNING) up++;
            out.add(new Service(s, st, null, null, null, null, null, null));
        }
        DeploymentStatus ds = up == 0 ? DeploymentStatus.STOPPED
                : up == services.size() ? DeploymentStatus.RUNNING : DeploymentStatus.PARTIAL;
        return new Deployment(name, "process", ds, out, null, Instant.now(), null);
    }

    @Override
    public void perform(Action action, String service, LineSink out) throws ActionFailedException, InterruptedException {
        behaviour.perform(action, service, out);
        ServiceStatus st = action == Action.STOP ? ServiceStatus.STOPPED : ServiceStatus.RUNNING;
        for (String s : services) {
            if (service == null || service.equals(s)) states.put(s, st);
        }
    }

    @Override
    public List<String> autostartServices() {
        return autostart;
    }

    @Override
    public void close() {
    }

    /** Runs a process to its end, its stdout and stderr lines into {@code out}; killed when interrupted. */
    static void run(LineSink out, String... argv) throws ActionFailedException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new ActionFailedException("cannot start " + argv[0] + ": " + e.getMessage(), null);
        }
        Thread o = pump(p.getInputStream(), LineStream.STDOUT, out);
        Thread e = pump(p.getErrorStream(), LineStream.STDERR, out);
        try {
            int code = p.waitFor();
            o.join();
            e.join();
            if (code != 0) throw new ActionFailedException(argv[0] + " exited with " + code, code);
        } catch (InterruptedException ie) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw ie;
        }
    }

    private static Thread pump(InputStream in, LineStream stream, LineSink out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) out.line(stream, line);
            } catch (IOException ignored) {
                // the process went away
            }
        }, "test-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
