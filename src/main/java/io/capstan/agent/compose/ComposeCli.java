package io.capstan.agent.compose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Docker Compose the agent drives: {@code docker compose} (v2, a docker CLI plugin) when it answers, else
 * the standalone {@code docker-compose} (v1 or v2). The plain {@code docker} CLI is needed beside it for status,
 * events and container logs. {@code env} is added to the agent's environment for every command (the agent's
 * own {@code DOCKER_HOST} is inherited; tests point at a private engine this way).
 *
 * <p>When nothing works, {@link #problem()} says what was tried and what each attempt answered; every compose
 * deployment is then listed with that error.
 */
public final class ComposeCli {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeCli.class);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    private final List<String> compose;
    private final String docker;
    private final Map<String, String> env;
    private final String version;
    private final String problem;
    /** The problem is only that a probe was slow: nothing is known to be missing (see {@link #undecided()}). */
    private final boolean undecided;

    private ComposeCli(List<String> compose, String docker, Map<String, String> env, String version, String problem) {
        this(compose, docker, env, version, problem, false);
    }

    private ComposeCli(List<String> compose, String docker, Map<String, String> env, String version, String problem,
                       boolean undecided) {
        this.compose = compose == null ? List.of() : List.copyOf(compose);
        this.docker = docker;
        this.env = Map.copyOf(env);
        this.version = version;
        this.problem = problem;
        this.undecided = undecided;
    }

    /** Finds the CLIs on the agent's PATH and logs which one it will use, or why none works. */
    public static ComposeCli detect() {
        return detect("docker", List.of("docker-compose"), Map.of());
    }

    /**
     * Tries {@code <docker> compose version}, then each standalone command's {@code version}.
     *
     * @param docker the docker CLI (name on the PATH or a path)
     * @param standalone the standalone compose command to fall back to
     * @param env added to the agent's environment for every command
     */
    public static ComposeCli detect(String docker, List<String> standalone, Map<String, String> env) {
        return detect(docker, standalone, env, PROBE_TIMEOUT);
    }

    /**
     * As {@link #detect(String, List, Map)}, each probe command given {@code timeout} to answer. The agent's 15 s keeps a
     * hung CLI from holding a deployment; a test suite on a loaded machine waits for the answer instead (a Python
     * {@code docker-compose} can take longer than that to start under load), with a bound only against a hang.
     */
    public static ComposeCli detect(String docker, List<String> standalone, Map<String, String> env, Duration timeout) {
        List<String> tried = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        try {
            CliCommand.Result dockerVersion = CliCommand.capture(List.of(docker, "--version"), env, timeout);
            if (dockerVersion.timedOut()) return slow(docker, env, List.of(dockerVersion.firstErrorLine()));
            if (!dockerVersion.ok()) {
                return broken(docker, env, "the docker CLI does not work (`" + docker + " --version`: "
                        + dockerVersion.firstErrorLine() + "); it is needed for compose deployments");
            }
            List<List<String>> candidates = new ArrayList<>();
            candidates.add(List.of(docker, "compose"));
            if (!standalone.isEmpty()) candidates.add(standalone);
            for (List<String> candidate : candidates) {
                List<String> argv = new ArrayList<>(candidate);
                argv.add("version");
                CliCommand.Result r = CliCommand.capture(argv, env, timeout);
                if (r.ok()) {
                    String v = r.stdout().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
                    ComposeCli cli = new ComposeCli(candidate, docker, env, v, null);
                    LOG.info("compose deployments: using `{}` ({})", String.join(" ", candidate), v);
                    return cli;
                }
                if (r.timedOut()) slow.add(r.firstErrorLine());
                else tried.add("`" + String.join(" ", argv) + "`: " + r.firstErrorLine());
            }
            // A probe that was only slow (a loaded host) proves nothing missing: undecided, never "no Compose".
            if (!slow.isEmpty()) return slow(docker, env, slow);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return broken(docker, env, "detection of Docker Compose was interrupted");
        }
        return broken(docker, env, "no working Docker Compose CLI (tried " + String.join("; ", tried) + ")");
    }

    /** A fixed choice, no probing: for tests that need a known CLI, or a known-broken one. */
    static ComposeCli of(List<String> compose, String docker, Map<String, String> env) {
        return new ComposeCli(compose, docker, env, "", null);
    }

    private static ComposeCli slow(String docker, Map<String, String> env, List<String> unanswered) {
        return new ComposeCli(null, docker, env, null, String.join("; ", unanswered), true);
    }

    private static ComposeCli broken(String docker, Map<String, String> env, String problem) {
        LOG.warn("compose deployments will not work: {}", problem);
        return new ComposeCli(null, docker, env, null, problem);
    }

    /**
     * True when no verdict was reached because a probe command did not answer in its time (a loaded host, a slow
     * engine): {@link #problem()} then names the commands that did not answer. Such an answer is retried, never taken
     * for a missing Compose.
     */
    public boolean undecided() {
        return undecided;
    }

    /** Null when usable; otherwise what is wrong, for the operator. */
    public String problem() {
        return problem;
    }

    /** One line for the agent's start-up output. */
    public String summary() {
        return problem != null ? "compose: " + problem
                : "compose: using `" + String.join(" ", compose) + "` (" + version + ")";
    }

    /** True when the engine answers {@code docker info}: used to decide whether the compose demo is offered. */
    public boolean engineAnswers() {
        return engineAnswers(PROBE_TIMEOUT);
    }

    /** As {@link #engineAnswers()}, waiting up to {@code timeout} for {@code docker info}. */
    public boolean engineAnswers(Duration timeout) {
        if (problem != null) return false;
        try {
            return CliCommand.capture(List.of(docker, "info", "--format", "{{.ServerVersion}}"), env, timeout).ok();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The engine every command talks to: {@code DOCKER_HOST} from the added environment, else the agent's, else the
     * default socket (what the CLI itself would choose, bar a docker context).
     */
    String engineHost() {
        String host = env.get("DOCKER_HOST");
        if (host == null || host.isBlank()) host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }

    /** {@code <compose> <args...>}. */
    List<String> compose(List<String> args) {
        List<String> argv = new ArrayList<>(compose);
        argv.addAll(args);
        return argv;
    }

    /** {@code docker <args...>}. */
    List<String> docker(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(docker);
        argv.addAll(args);
        return argv;
    }

    Map<String, String> env() {
        return env;
    }
}
