package io.capstan.console.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.testing.MutableClock;
import io.capstan.console.fx.DirectBackground;
import io.capstan.console.resources.ResourcePoller;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceDetail;
import io.capstan.protocol.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceDetailViewModelTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0.plusSeconds(125));
    private final AtomicInteger reads = new AtomicInteger();

    private Messages.ServiceEnvelope envelope(String id) {
        reads.incrementAndGet();
        Service s = new Service("web", ServiceStatus.RUNNING, T0, 4242L, null, null, null, HealthStatus.HEALTHY)
                .withResources(new ResourceSample(T0, 12.0, 85L * 1024 * 1024));
        ServiceDetail d = new ServiceDetail("shop", "web", List.of("/usr/bin/java", "-jar", "web app.jar"), "/srv/shop",
                List.of(ServiceDetail.EnvVar.of("DB_PASSWORD", "hunter2"), ServiceDetail.EnvVar.of("LOG_LEVEL", "debug")),
                List.of(8080, 9090), "/srv/shop/capstan.yaml", 5, 4242L, null, T0, 143, "exited 143 (SIGTERM)",
                "GET http://127.0.0.1:8080/health", "HTTP 200: ok", "on-failure (backoff 1s up to 30s)");
        return new Messages.ServiceEnvelope(3, s, d);
    }

    private ServiceDetailViewModel model() {
        return new ServiceDetailViewModel("lab", "shop", "web", this::envelope,
                new ResourcePoller(new DirectBackground(), clock), new DirectBackground(), clock, ZoneOffset.UTC);
    }

    @Test
    void theOverviewSaysHowItRunsWhereItIsDefinedAndHowItLastEnded() {
        ServiceDetailViewModel m = model();
        m.refresh();
        assertThat(m.title()).isEqualTo("web of shop on lab");
        assertThat(m.fact("Status")).isEqualTo("running · healthy");
        assertThat(m.fact("Process")).isEqualTo("pid 4242");
        assertThat(m.fact("Started")).isEqualTo("2026-12-01 10:00:00 (2 m 05 s ago)");
        assertThat(m.fact("Ports")).isEqualTo("8080, 9090");
        assertThat(m.fact("CPU · memory")).isEqualTo("12% · 85 MB");
        assertThat(m.fact("Last exit")).isEqualTo("exited 143 (SIGTERM)");
        assertThat(m.fact("Defined in")).isEqualTo("/srv/shop/capstan.yaml:5");
        assertThat(m.fact("Working folder")).isEqualTo("/srv/shop");
        assertThat(m.commandProperty().get()).isEqualTo("/usr/bin/java -jar 'web app.jar'");
    }

    @Test
    void secretValuesAreMaskedUntilRevealedAndMaskedAgainAfter() {
        ServiceDetailViewModel m = model();
        m.refresh();
        assertThat(m.env()).containsExactly(new ServiceDetailViewModel.EnvRow("DB_PASSWORD", ServiceDetailViewModel.MASK, true),
                new ServiceDetailViewModel.EnvRow("LOG_LEVEL", "debug", false));
        m.revealedProperty().set(true);
        assertThat(m.env().get(0).shown()).isEqualTo("hunter2");
        m.revealedProperty().set(false);
        assertThat(m.env().get(0).shown()).isEqualTo(ServiceDetailViewModel.MASK);
        m.refresh();
        assertThat(m.env().get(0).shown()).as("a refresh does not reveal").isEqualTo(ServiceDetailViewModel.MASK);
    }

    @Test
    void theDetailIsReadAgainEveryFiveSecondsOfTicks() {
        ServiceDetailViewModel m = model();
        m.refresh();
        m.tick();
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofSeconds(5));
        m.tick();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadSaysWhy() {
        ServiceDetailViewModel m = new ServiceDetailViewModel("lab", "shop", "web", s -> {
            throw new IllegalStateException("no service shop/web");
        }, new ResourcePoller(new DirectBackground(), clock), new DirectBackground(), clock, ZoneOffset.UTC);
        m.refresh();
        assertThat(m.errorProperty().get()).isEqualTo("no service shop/web");
    }
}
