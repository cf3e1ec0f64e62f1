package io.capstan.agent.compose;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.containers.ContainerSampler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code compose} backend: a deployment is a folder holding a Compose file ({@code compose.yaml},
 * {@code compose.yml}, {@code docker-compose.yml} or {@code docker-compose.yaml}); its services are the file's
 * services, run by the container engine through the Compose CLI (docs/deployments.md, decision record 10).
 * Asked after the process backend, so a folder holding a {@code capstan.yaml} stays a process deployment.
 */
public final class ComposeBackend implements Backend {
    public static final String KIND = "compose";

    /**
     * Found in the background: probing takes one to three seconds here ({@code docker-compose version} is a Python
     * program), which is not to delay an agent whose first deployments are all process ones (issue 12).
     */
    private final CompletableFuture<ComposeCli> cli;
    /** Project name to the deployment using it: two deployments must never drive one project. */
    private final Map<String, String> projects = new HashMap<>();
    /** The engine's stats, shared by every compose deployment of this agent; made with the first one opened. */
    private ContainerSampler stats; // guarded by projects

    public ComposeBackend(ComposeCli cli) {
        this(CompletableFuture.completedFuture(cli));
    }

    private ComposeBackend(CompletableFuture<ComposeCli> cli) {
        this.cli = cli;
    }

    /**
     * With the CLIs found on the agent's PATH, probed on a thread of its own from now on (logged once known: which
     * one, or why none works). Nothing waits for the probe but what needs its answer: opening a compose deployment,
     * {@link #cli()}.
     */
    public static ComposeBackend detect() {
        return detect("docker", List.of("docker-compose"), Map.of());
    }

    /** As {@link #detect()}, with these commands (see {@link ComposeCli#detect(String, List, Map)}). */
    public static ComposeBackend detect(String docker, List<String> standalone, Map<String, String> env) {
        CompletableFuture<ComposeCli> found = new CompletableFuture<>();
        Thread probe = new Thread(() -> {
            try {
                found.complete(ComposeCli.detect(docker, standalone, env));
            } catch (RuntimeException | Error e) {
                found.completeExceptionally(e);
                throw e;
            }
        }, "capstan-compose-detect");
        probe.setDaemon(true);
        probe.start();
        return new ComposeBackend(found);
    }

    /** The CLI, waiting for the probe if it has not answered yet. */
    public ComposeCli cli() {
        return cli.join();
    }

    /** Completes when the probe has answered. */
    public CompletableFuture<ComposeCli> detected() {
        return cli.copy();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean claims(Path folder) {
        return ComposeFiles.main(folder).isPresent();
    }

    @Override
    public DeploymentRuntime open(String name, Path folder, RuntimeContext context) throws DeploymentConfigException {
        ComposeCli commands = cli();
        if (commands.problem() != null) throw new DeploymentConfigException(commands.problem());
        String project = ProjectName.of(name);
        synchronized (projects) {
            String owner = projects.putIfAbsent(project, name);
            if (owner != null && !owner.equals(name)) {
                throw new DeploymentConfigException("compose project name '" + project + "' is already used by deployment "
                        + owner + "; rename one of the folders");
            }
        }
        try {
            return ComposeDeployment.open(name, project, folder, commands, stats(commands), context,
                    () -> release(project, name));
        } catch (DeploymentConfigException | RuntimeException e) {
            release(project, name);
            throw e;
        }
    }

    private ContainerSampler stats(ComposeCli commands) {
        synchronized (projects) {
            if (stats == null) stats = new ContainerSampler(commands.engineHost());
            return stats;
        }
    }

    /**
     * The agent stops: the engine sampler goes now even if a deployment was never released (one whose close failed),
     * so its threads and pooled connections do not outlive the agent. A later open makes a new one.
     */
    @Override
    public void close() {
        synchronized (projects) {
            projects.clear();
            if (stats != null) {
                stats.close();
                stats = null;
            }
        }
    }

    private void release(String project, String name) {
        synchronized (projects) {
            projects.remove(project, name);
            // The last compose deployment closed (the agent's close, or the folders removed): its threads and
            // connections go with it; the next one opened makes a new sampler.
            if (projects.isEmpty() && stats != null) {
                stats.close();
                stats = null;
            }
        }
    }
}
