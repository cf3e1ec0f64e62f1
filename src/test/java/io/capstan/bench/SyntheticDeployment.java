package io.capstan.bench;

import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment whose state the benchmark changes on command. The change counter rides in the first service's
 * {@code pid}, so a client can tell exactly which change a snapshot or event reflects; everything else is a plain
 * running deployment. Actions succeed at once (scenarios that need real output use the process backend).
 */
final class SyntheticDeployment implements DeploymentRuntime {
    private final String name;
    private final List<String> services;
    private final RuntimeContext context;
    private volatile long counter;

    SyntheticDeployment(String name, int serviceCount, RuntimeContext context) {
        this.name = name;
        List<String> s = new ArrayList<>();
        for (int i = 0; i < serviceCount; i++) s.add("svc" + i);
        this.services = List.copyOf(s);
        this.context = context;
    }

    /** Records change {@code value} and tells the engine, which publishes a {@code deployment} event. */
    void change(long value) {
        counter = value;
        context.changed();
    }

    /** The change counter carried by a deployment from this class (0 before any change). */
    static long counterOf(Deployment d) {
        if (d.services().isEmpty()) return 0;
        Long pid = d.services().get(0).pid();
        return pid == null ? 0 : pid;
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
        List<Service> out = new ArrayList<>(services.size());
        Instant since = Instant.EPOCH;
        for (int i = 0; i < services.size(); i++) {
            Long pid = i == 0 ? counter : 10_000L + i;
            out.add(new Service(services.get(i), ServiceStatus.RUNNING, since, pid, null, null, null, null));
        }
        return new Deployment(name, "process", DeploymentStatus.RUNNING, out, null, since, null);
    }

    @Override
    public void perform(Action action, String service, LineSink out) {
        out.system(action.wire() + " " + (service == null ? name : service));
    }

    @Override
    public void close() {
    }
}
