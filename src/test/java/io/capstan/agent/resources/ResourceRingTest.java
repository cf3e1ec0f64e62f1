package io.capstan.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.ResourceSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring is bounded, oldest first, exclusive after {@code since}, and keeps unknown figures unknown. */
class ResourceRingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void keepsOnlyTheNewestCapacitySamplesOldestFirst() {
        ResourceRing ring = new ResourceRing(3);
        for (int i = 0; i < 5; i++) {
            ring.add(new ResourceSample(T0.plusSeconds(i), (double) i, (long) i));
        }
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.after(null)).extracting(ResourceSample::cpu).containsExactly(2.0, 3.0, 4.0);
        assertThat(ring.after(T0.plusSeconds(3))).extracting(ResourceSample::cpu).as("since is exclusive").containsExactly(4.0);
        assertThat(ring.after(T0.plusSeconds(4))).isEmpty();
    }

    @Test
    void unknownFiguresStayUnknown() {
        ResourceRing ring = new ResourceRing(2);
        ring.add(new ResourceSample(T0, null, null));
        assertThat(ring.after(null)).containsExactly(new ResourceSample(T0, null, null));
    }

    @Test
    void aServiceThatStopsLosesItsLatestButKeepsItsHourAndARemovedDeploymentLosesBoth() {
        java.util.Map<String, io.capstan.agent.backend.ResourceUsage> figures = new java.util.HashMap<>();
        figures.put("web", new io.capstan.agent.backend.ResourceUsage(12.5, 1000L));
        List<io.capstan.agent.backend.DeploymentRuntime> deployments = new java.util.ArrayList<>(List.of(runtime("shop", figures)));
        ResourceSampler sampler = new ResourceSampler(java.time.Duration.ofSeconds(5), java.time.Clock.systemUTC(),
                () -> deployments);
        sampler.sample();
        assertThat(sampler.latest("shop", "web")).map(ResourceSample::cpu).contains(12.5);
        figures.clear();
        sampler.sample();
        assertThat(sampler.latest("shop", "web")).as("stopped: no current figures").isEmpty();
        assertThat(sampler.series("shop", "web", null)).as("but its hour is kept").hasSize(1);
        deployments.clear();
        sampler.sample();
        assertThat(sampler.series("shop", "web", null)).isEmpty();
        sampler.close();
    }

    private static io.capstan.agent.backend.DeploymentRuntime runtime(String name,
            java.util.Map<String, io.capstan.agent.backend.ResourceUsage> figures) {
        return new io.capstan.agent.backend.DeploymentRuntime() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String backend() {
                return "test";
            }

            @Override
            public List<String> serviceNames() {
                return List.of("web");
            }

            @Override
            public io.capstan.protocol.Deployment snapshot() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void perform(io.capstan.protocol.Action action, String service, io.capstan.agent.backend.LineSink out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Map<String, io.capstan.agent.backend.ResourceUsage> resources() {
                return java.util.Map.copyOf(figures);
            }

            @Override
            public void close() {
            }
        };
    }
}
