package io.capstan.agent.compose;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.containers.ContainerSampler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code compose} backend: a deployment is a folder holding a Compose file ({@code compose.yaml},
 * {@code compose.yml}, {@code docker-compose.yml} or {@code docker-compose.yaml}); its services are the file's
 * services, run by the container engine through the Compose CLI (docs/deployments.md, decision record 10).
 * Asked after the process backend, so a folder holding a {@code capstan.yaml} stays a process deployment.
 */
public final class ComposeBackend implements Backend {
    public static final String KIND = "compose";
    /** The longest a retried probe command is given: a hung CLI is said to be so, and asked again, every few minutes. */
    public static final Duration LONGEST_PROBE = Duration.ofMinutes(4);
    private static final Logger LOG = LoggerFactory.getLogger(ComposeBackend.class);

    /**
     * Found in the background: probing takes one to three seconds here ({@code docker-compose version} is a Python
     * program), which is not to delay an agent whose first deployments are all process ones (issue 12).
     */
    private final CompletableFuture<ComposeCli> cli;
    /** Done once the probe's first attempt has answered, whatever it said. */
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    /** What a deployment says while the probe retries after slow attempts. */
    private volatile String checking = "Docker Compose is being checked on this host";
    /** Project name to the deployment using it: two deployments must never drive one project. */
    private final Map<String, String> projects = new HashMap<>();
    /** The engine's stats, shared by every compose deployment of this agent; made with the first one opened. */
    private ContainerSampler stats; // guarded by projects

    public ComposeBackend(ComposeCli cli) {
        this(CompletableFuture.completedFuture(cli));
    }

    private ComposeBackend(CompletableFuture<ComposeCli> cli) {
        this.cli = cli;
        if (cli.isDone()) firstAttempt.complete(null);
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
        return detect(docker, standalone, env, ComposeCli.PROBE_TIMEOUT);
    }

    /**
     * As {@link #detect(String, List, Map)}, the first attempt's commands given {@code firstTimeout} each. An attempt
     * whose commands were only slow ({@link ComposeCli#undecided()}) is tried again with twice the time (at most
     * {@link #LONGEST_PROBE}), for as long as it takes: meanwhile compose deployments are listed as being checked, with
     * what did not answer; a verdict (found, or a command that answered with a failure) ends it.
     */
    public static ComposeBackend detect(String docker, List<String> standalone, Map<String, String> env, Duration firstTimeout) {
        CompletableFuture<ComposeCli> found = new CompletableFuture<>();
        ComposeBackend backend = new ComposeBackend(found);
        Thread probe = new Thread(() -> {
            try {
                Duration timeout = firstTimeout;
                ComposeCli answer = ComposeCli.detect(docker, standalone, env, timeout);
                while (answer.undecided()) {
                    timeout = ComposeCli.longer(timeout);
                    backend.checking = "Docker Compose is still being checked on this host: " + answer.problem()
                            + "; trying again, waiting up to " + timeout.toSeconds() + " s";
                    LOG.warn("{}", backend.checking);
                    backend.firstAttempt.complete(null);
                    answer = ComposeCli.detect(docker, standalone, env, timeout);
                }
                found.complete(answer);
            } catch (RuntimeException | Error e) {
                found.completeExceptionally(e);
                throw e;
            } finally {
                backend.firstAttempt.complete(null);
            }
        }, "capstan-compose-detect");
        probe.setDaemon(true);
        probe.start();
        return backend;
    }

    /** The CLI, waiting for the probe if it has not answered yet. */
    public ComposeCli cli() {
        return cli.join();
    }

    /**
     * One line for the agent's start-up output, once the first attempt answered: the CLI's summary, or that it is still
     * being checked (the verdict is logged when it comes). Never waits longer than the first attempt.
     */
    public String summary() {
        firstAttempt.join();
        return cli.isDone() ? cli().summary() : "compose: " + checking;
    }

    /** Each retry is a change too, so a deployment's words name the attempt going on, not the first one. */
    @Override
    public String readiness() {
        return cli.isDone() ? "known" : "checking " + checking;
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
        // The first attempt is waited for (as before: its answer is usually there in a second or two); a probe that
        // is still retrying after it leaves the deployment listed as being checked, reopened once it answers.
        firstAttempt.join();
        if (!cli.isDone()) throw new DeploymentConfigException(checking);
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
