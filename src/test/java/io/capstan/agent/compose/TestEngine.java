package io.capstan.agent.compose;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The container engine the compose tests run against: {@code CAPSTAN_TEST_DOCKER_HOST}, else {@code DOCKER_HOST},
 * else the docker CLI's default. {@code .ci/run} starts a private engine and exports {@code DOCKER_HOST}. Probed
 * once per JVM; when anything is missing, {@link #skipReason()} says what, and the tests are skipped with it.
 */
final class TestEngine {
    static final String BASE_IMAGE = "capstan-test/busybox";
    /**
     * How long a probe command may take: not a guess at how slow the machine is (the agent's 15 s made a loaded machine,
     * load 30 and more, skip every compose test because a Python docker-compose took longer to print its version), but
     * a bound against a command that hangs. The probe waits for each answer, however long it takes below this.
     */
    static final Duration PROBE_BOUND = Duration.ofMinutes(5);

    private static Probe probe;

    private record Probe(ComposeCli cli, Map<String, String> env, String skipReason) {
    }

    private TestEngine() {
    }

    /** Null when the engine, both CLIs and the base image are there. */
    static String skipReason() {
        return probe().skipReason();
    }

    /** The CLIs the tests' agents use, pointed at the test engine. */
    static ComposeCli cli() {
        return probe().cli();
    }

    /** The same, with {@code extra} added to the environment of every command. */
    static ComposeCli cli(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(probe().env());
        env.putAll(extra);
        return ComposeCli.detect("docker", List.of("docker-compose"), env, PROBE_BOUND);
    }

    /** The test engine's address ({@code DOCKER_HOST}), null for the docker CLI's default. */
    static String host() {
        return probe().env().get("DOCKER_HOST");
    }

    /** Runs {@code docker <args>} against the test engine, as an operator would from a terminal. */
    static CliCommand.Result docker(String... args) throws InterruptedException {
        return CliCommand.capture(probe().cli().docker(List.of(args)), probe().env(), Duration.ofSeconds(120));
    }

    /** Runs {@code <compose> <args>} against the test engine. */
    static CliCommand.Result compose(List<String> args) throws InterruptedException {
        return CliCommand.capture(probe().cli().compose(args), probe().env(), Duration.ofSeconds(120));
    }

    private static synchronized Probe probe() {
        if (probe == null) {
            probe = find();
            // Once, where the CI log shows it beside Surefire's count: a skip must never pass for a success.
            if (probe.skipReason() != null) System.err.println("[compose tests] SKIPPED: " + probe.skipReason());
        }
        return probe;
    }

    private static Probe find() {
        String host = System.getenv("CAPSTAN_TEST_DOCKER_HOST");
        if (host == null || host.isBlank()) host = System.getenv("DOCKER_HOST");
        Map<String, String> env = host == null || host.isBlank() ? Map.of() : Map.of("DOCKER_HOST", host);
        String where = host == null || host.isBlank() ? "the docker CLI's default engine" : host;
        ComposeCli cli = ComposeCli.detect("docker", List.of("docker-compose"), env, PROBE_BOUND);
        if (cli.problem() != null) return new Probe(cli, env, "no container tooling: " + cli.problem());
        if (cli.engine(PROBE_BOUND) != ComposeCli.Engine.ANSWERS) {
            return new Probe(cli, env, "no container engine answers at " + where
                    + " (set CAPSTAN_TEST_DOCKER_HOST or DOCKER_HOST; .ci/run starts one)");
        }
        try {
            CliCommand.Result image = CliCommand.capture(cli.docker(List.of("image", "inspect", "--format", "{{.Id}}", BASE_IMAGE)),
                    env, PROBE_BOUND);
            if (!image.ok()) {
                return new Probe(cli, env, "base image " + BASE_IMAGE + " is missing on " + where
                        + " (.ci/docker-base-image makes it from busybox-static)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(cli, env, "interrupted while probing the engine");
        }
        return new Probe(cli, env, null);
    }
}
