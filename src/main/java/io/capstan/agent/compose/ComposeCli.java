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

    /** What {@code docker info} says of the container engine. */
    public enum Engine {
        /** It answered: an engine is there. */
        ANSWERS,
        /** The CLI answered with a failure (no socket, refused, not allowed): no engine there. */
        ABSENT,
        /** No answer in the time given (an engine busy at its start, a loaded host): nothing is known yet. */
        UNDECIDED
    }

    /**
     * How long {@link #engineAnswers()} keeps asking an engine that is only slow: the tries given 15, 30, 60 and 120 s
     * and what is left of this. A docker that hangs for good must not keep the question open for ever.
     */
    static final Duration ENGINE_BOUND = Duration.ofMinutes(6);

    /**
     * True when the engine answers {@code docker info}: used to decide whether the compose demo is offered. An engine
     * that is slow to answer (busy at its start) is asked again with more time, within {@link #ENGINE_BOUND}, before it
     * is taken for absent (see {@link #awaitEngine}).
     */
    public boolean engineAnswers() {
        return awaitEngine(PROBE_TIMEOUT, ENGINE_BOUND) == Engine.ANSWERS;
    }

    /**
     * Asks {@code docker info} until there is a verdict: a try that was only slow is undecided, said so in the log, and
     * repeated with twice the time (at most {@link ComposeBackend#LONGEST_PROBE}), as the Compose probe does, until
     * {@code bound} has passed since the first try. An answer, or a failure the CLI answers with, ends it at once.
     *
     * @return {@link Engine#UNDECIDED} only when {@code bound} passed without a verdict
     */
    public Engine awaitEngine(Duration firstTimeout, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Duration timeout = firstTimeout;
        while (true) {
            Engine engine = engine(timeout);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (engine != Engine.UNDECIDED || left.isNegative() || left.isZero() || Thread.currentThread().isInterrupted()) {
                if (engine == Engine.UNDECIDED && !Thread.currentThread().isInterrupted()) {
                    LOG.warn("the container engine did not answer `docker info` in {} s of asking: taken as not there",
                            bound.toSeconds());
                }
                return engine;
            }
            timeout = longer(timeout);
            if (timeout.compareTo(left) > 0) timeout = left;
            LOG.warn("the container engine is undecided: `docker info` did not answer; asking again, waiting up to {} s",
                    Math.max(1, timeout.toSeconds()));
        }
    }

    /** One try of {@code docker info}, waiting up to {@code timeout}. */
    public Engine engine(Duration timeout) {
        if (problem != null) return Engine.ABSENT;
        try {
            CliCommand.Result info = CliCommand.capture(List.of(docker, "info", "--format", "{{.ServerVersion}}"), env, timeout);
            return info.ok() ? Engine.ANSWERS : info.timedOut() ? Engine.UNDECIDED : Engine.ABSENT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Engine.UNDECIDED;
        }
    }

    /** The next try's time after one that was only slow: twice as long, at most {@link ComposeBackend#LONGEST_PROBE}. */
    static Duration longer(Duration timeout) {
        Duration twice = timeout.multipliedBy(2);
        return twice.compareTo(ComposeBackend.LONGEST_PROBE) > 0 ? ComposeBackend.LONGEST_PROBE : twice;
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
