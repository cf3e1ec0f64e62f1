package io.capstan.agent;

import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContextFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A catalogue of test runtimes; tests add and remove deployments while the agent runs. */
final class TestCatalog implements Catalog {
    private final Map<String, TestRuntime> runtimes = new ConcurrentHashMap<>();
    private final RuntimeContextFactory contexts;
    private final List<Function<RuntimeContextFactory, TestRuntime>> initial;
    private volatile Listener listener;

    TestCatalog(RuntimeContextFactory contexts, List<Function<RuntimeContextFactory, TestRuntime>> initial) {
        this.contexts = contexts;
        this.initial = new ArrayList<>(initial);
    }

    @Override
    public Collection<DeploymentRuntime> all() {
        return new ArrayList<>(runtimes.values());
    }

    @Override
    public Optional<DeploymentRuntime> find(String name) {
        return Optional.ofNullable(runtimes.get(name));
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        for (Function<RuntimeContextFactory, TestRuntime> f : initial) add(f.apply(contexts));
    }

    TestRuntime add(String name, String... services) {
        return add(new TestRuntime(name, List.of(services), contexts.forDeployment(name)));
    }

    TestRuntime add(TestRuntime rt) {
        runtimes.put(rt.name(), rt);
        listener.added(rt);
        return rt;
    }

    void remove(String name) {
        TestRuntime rt = runtimes.remove(name);
        if (rt != null) rt.close();
        listener.removed(name);
    }

    TestRuntime get(String name) {
        return runtimes.get(name);
    }

    @Override
    public void close() {
        runtimes.values().forEach(TestRuntime::close);
    }
}
