package io.capstan.agent.swarm;

import io.capstan.agent.compose.CliCommand;
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
