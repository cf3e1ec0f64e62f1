package io.capstan.agent.swarm;

import io.capstan.agent.compose.CliCommand;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The swarm the swarm tests run against: the engine in {@code CAPSTAN_TEST_DOCKER_HOST}, else {@code DOCKER_HOST},
 * which must be a swarm manager holding the {@code capstan-test/busybox} image; the registry in
 * {@code CAPSTAN_TEST_REGISTRY} ({@code host:port}) for rebuilds. {@code .ci/run} starts all three. Probed once per
 * JVM; one engine client is shared by every test (one swarm for the whole run, not one per test).
 */
final class TestSwarm {
    static final String BASE_IMAGE = "capstan-test/busybox";
    private static Probe probe;

    private record Probe(SwarmEngine engine, String skipReason, String registry) {
    }

    private TestSwarm() {
    }

    static String skipReason() {
        return probe().skipReason();
    }

    static SwarmEngine engine() {
        return probe().engine();
    }

    /** {@code host:port} of the test registry, or null. */
    static String registry() {
        return probe().registry();
    }

    /**
     * The worker node's engine ({@code CAPSTAN_TEST_SWARM_WORKER}, set by {@code .ci/swarm-nodes}), or null on a
     * single-node swarm.
     */
    static String worker() {
        String w = System.getenv("CAPSTAN_TEST_SWARM_WORKER");
        return w == null || w.isBlank() ? null : w.strip();
    }

    /** Null when the swarm has a second node the tests can reach; else why the two-node tests are skipped. */
    static String twoNodeSkipReason() throws InterruptedException {
        if (skipReason() != null) return skipReason();
        if (worker() == null) {
            return "single-node swarm (no CAPSTAN_TEST_SWARM_WORKER): .ci/swarm-nodes starts a worker in a network "
                    + "namespace where the machine allows it, and its output says why it did not";
        }
        String ready = docker("node", "ls", "--format", "{{.Status}}").stdout();
        long n = ready.lines().filter("Ready"::equals).count();
        return n >= 2 ? null : "the swarm has " + n + " ready node(s), the two-node tests need 2";
    }

    /** {@code docker} against the worker's engine. */
    static CliCommand.Result onWorker(String... args) throws InterruptedException {
        return CliCommand.capture(engine().docker(List.of(args)), Map.of("DOCKER_HOST", worker()), Duration.ofSeconds(120));
    }

    /** The worker's dockerd writes its pid beside its socket ({@code .ci/swarm-nodes}: --pidfile, -H in one folder). */
    static Path workerPidFile() {
        return Path.of(URI.create(worker()).getPath()).resolveSibling("docker.pid");
    }

    /** {@code kill -SIG pid}: the JDK sends only TERM and KILL. */
    static void signal(long pid, String signal) throws InterruptedException {
        CliCommand.Result r = CliCommand.capture(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), Duration.ofSeconds(10));
        if (!r.ok()) throw new IllegalStateException("kill -" + signal + " " + pid + ": " + r.firstErrorLine());
    }

    static CliCommand.Result docker(String... args) throws InterruptedException {
        return CliCommand.capture(engine().docker(List.of(args)), engine().env(), Duration.ofSeconds(120));
    }

    private static synchronized Probe probe() {
        if (probe == null) {
            probe = find();
            if (probe.skipReason() != null) System.err.println("[swarm tests] SKIPPED: " + probe.skipReason());
        }
        return probe;
    }

    private static Probe find() {
        String host = System.getenv("CAPSTAN_TEST_DOCKER_HOST");
        if (host == null || host.isBlank()) host = System.getenv("DOCKER_HOST");
        SwarmEngine engine = new SwarmEngine(host);
        String registry = System.getenv("CAPSTAN_TEST_REGISTRY");
        registry = registry == null || registry.isBlank() ? null : registry.strip();
        String problem = engine.problem();
        if (problem != null) {
            return new Probe(engine, problem + " (.ci/run starts a private engine and runs docker swarm init)", registry);
        }
        try {
            CliCommand.Result image = CliCommand.capture(engine.docker(List.of("image", "inspect", "--format", "{{.Id}}",
                    BASE_IMAGE)), Map.of("DOCKER_HOST", engine.host()), Duration.ofSeconds(30));
            if (!image.ok()) {
                return new Probe(engine, "base image " + BASE_IMAGE + " is missing on " + engine.host()
                        + " (.ci/docker-base-image makes it from busybox-static)", registry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(engine, "interrupted while probing the engine", registry);
        }
        return new Probe(engine, null, registry);
    }
}
