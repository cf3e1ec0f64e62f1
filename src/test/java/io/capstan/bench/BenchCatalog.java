package io.capstan.bench;

import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContextFactory;
import io.capstan.agent.process.ProcessBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark agent's deployments: {@code synthetic} deployments named {@code d0000..} with {@code services}
 * services each, and optionally a real process deployment {@code logs} opened by the agent's own process backend
 * from a folder with a {@code capstan.yaml} (its build step prints the lines of the log scenarios).
 */
final class BenchCatalog implements Catalog {
    static final String LOGS = "logs";

    private final Map<String, DeploymentRuntime> runtimes = new LinkedHashMap<>();
    private final List<SyntheticDeployment> synthetic = new ArrayList<>();

    BenchCatalog(RuntimeContextFactory contexts, int syntheticCount, int services, Path logsFolder) {
        for (int i = 0; i < syntheticCount; i++) {
            String name = name(i);
            SyntheticDeployment d = new SyntheticDeployment(name, services, contexts.forDeployment(name));
            synthetic.add(d);
            runtimes.put(name, d);
        }
        if (logsFolder != null) {
            try {
                runtimes.put(LOGS, new ProcessBackend().open(LOGS, logsFolder, contexts.forDeployment(LOGS)));
            } catch (DeploymentConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    static String name(int index) {
        return String.format("d%04d", index);
    }

    SyntheticDeployment synthetic(int index) {
        return synthetic.get(index);
    }

    int syntheticCount() {
        return synthetic.size();
    }

    @Override
    public Collection<DeploymentRuntime> all() {
        return List.copyOf(runtimes.values());
    }

    @Override
    public Optional<DeploymentRuntime> find(String name) {
        return Optional.ofNullable(runtimes.get(name));
    }

    @Override
    public void start(Listener listener) {
        runtimes.values().forEach(listener::added);
    }

    @Override
    public void close() {
        runtimes.values().forEach(DeploymentRuntime::close);
    }
}
