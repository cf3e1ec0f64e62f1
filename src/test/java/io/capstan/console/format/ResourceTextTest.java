package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTextTest {

    @Test
    void cpuHasADecimalOnlyWhereItMatters() {
        assertThat(ResourceText.cpu(0.04)).isEqualTo("0.0%");
        assertThat(ResourceText.cpu(3.46)).isEqualTo("3.5%");
        assertThat(ResourceText.cpu(12.4)).isEqualTo("12%");
        assertThat(ResourceText.cpu(250.0)).as("two and a half cores").isEqualTo("250%");
        assertThat(ResourceText.cpu(null)).as("the first sample of a process has no interval").isEqualTo("–");
    }

    @Test
    void memoryInMegabytesThenGigabytes() {
        assertThat(ResourceText.memory(5L * 1024 * 1024 + 512 * 1024)).isEqualTo("5.5 MB");
        assertThat(ResourceText.memory(85L * 1024 * 1024)).isEqualTo("85 MB");
        assertThat(ResourceText.memory(1536L * 1024 * 1024)).isEqualTo("1.5 GB");
        assertThat(ResourceText.memory(null)).isEqualTo("–");
    }

    @Test
    void theCellCombinesBothAndIsEmptyWithoutASample() {
        assertThat(ResourceText.cell(new ResourceSample(Instant.EPOCH, 12.0, 85L * 1024 * 1024))).isEqualTo("12% · 85 MB");
        assertThat(ResourceText.cell(null)).isEmpty();
    }

    @Test
    void figuresAreCurrentOnlyWhileTheServiceRunsAndItsAgentIsHeardFrom() {
        ResourceSample last = new ResourceSample(Instant.EPOCH, 12.0, 85L * 1024 * 1024);
        assertThat(ResourceText.current(service(ServiceStatus.RUNNING, last), false)).isTrue();
        assertThat(ResourceText.current(service(ServiceStatus.RUNNING, last), true)).as("agent offline").isFalse();
        assertThat(ResourceText.current(service(ServiceStatus.EXITED, last), false)).as("exited, last figures kept").isFalse();
        assertThat(ResourceText.current(service(ServiceStatus.STOPPED, last), false)).isFalse();
        assertThat(ResourceText.absent(service(ServiceStatus.RUNNING, last), "agent offline since 17:02:11: timed out"))
                .isEqualTo("CPU · memory: unknown, agent offline since 17:02:11: timed out");
        assertThat(ResourceText.absent(service(ServiceStatus.EXITED, last), null)).isNull();
    }

    private static Service service(ServiceStatus status, ResourceSample resources) {
        return new Service("web", status, Instant.EPOCH, 4242L, null, null, null, null, null, null, null, List.of(), resources);
    }

    @Test
    void aCommandReadsAsOneLineWithOnlyWhatNeedsQuotingQuoted() {
        assertThat(ResourceText.command(List.of("/usr/bin/java", "-cp", "a.jar:b.jar", "Main", "--name", "my app", "it's")))
                .isEqualTo("/usr/bin/java -cp a.jar:b.jar Main --name 'my app' 'it'\\''s'");
        assertThat(ResourceText.command(List.of("sh", "-c", "yes > /dev/null"))).isEqualTo("sh -c 'yes > /dev/null'");
    }

    @Test
    void aRunningSwarmServiceWithoutFiguresSaysWhyAndNoOtherDoes() {
        java.time.Instant t = Instant.parse("2026-12-02T10:00:00Z");
        io.capstan.protocol.Service swarm = new io.capstan.protocol.Service("web", io.capstan.protocol.ServiceStatus.RUNNING,
                t, null, null, null, null, null, new io.capstan.protocol.Replicas(2, 2), List.of());
        assertThat(ResourceText.unmeasured(swarm)).contains("CAPSTAN_SWARM_NODE_ENGINES");
        assertThat(ResourceText.unmeasured(swarm.withResources(new ResourceSample(t, 1.0, 1L))))
                .as("measured: the figures say it").isNull();
        assertThat(ResourceText.unmeasured(new io.capstan.protocol.Service("web", io.capstan.protocol.ServiceStatus.STOPPED,
                t, null, null, null, null, null, new io.capstan.protocol.Replicas(0, 0), List.of())))
                .as("nothing runs: nothing to measure").isNull();
        assertThat(ResourceText.unmeasured(new io.capstan.protocol.Service("web", io.capstan.protocol.ServiceStatus.RUNNING,
                t, 4242L, null, null, null, null))).as("a process service").isNull();
    }
}
