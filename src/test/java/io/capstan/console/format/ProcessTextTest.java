package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.console.format.ProcessText.Rung;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcessTextTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aRunningProcessSaysLessRungByRungTheCpuLast() {
        ResourceSample sample = new ResourceSample(Instant.EPOCH, 0.42, 45 * MB);

        assertThat(ProcessText.rungs("4242", sample)).containsExactly(
                new Rung("4242", true, "0.4% · 45 MB"),
                new Rung("", true, "0.4% · 45 MB"),
                new Rung("", false, "0.4% · 45 MB"),
                new Rung("", false, "0.4%"));
    }

    @Test
    void beforeTheFirstIntervalTheMemoryIsWhatIsLeft() {
        ResourceSample first = new ResourceSample(Instant.EPOCH, null, 45 * MB);

        assertThat(ProcessText.rungs("relay-web-1", first)).last().isEqualTo(new Rung("", false, "45 MB"));
    }

    @Test
    void withoutFiguresTheProcessAloneGivesWay() {
        assertThat(ProcessText.rungs("4242", null)).containsExactly(new Rung("4242", false, ""));
        assertThat(ProcessText.rungs("", null)).containsExactly(new Rung("", false, ""));
    }

    @Test
    void aRunningServiceWithoutAPidStartsWithoutOne() {
        ResourceSample sample = new ResourceSample(Instant.EPOCH, 12.4, 85 * MB);

        assertThat(ProcessText.rungs("", sample)).first().isEqualTo(new Rung("", true, "12% · 85 MB"));
    }

    @Test
    void theTooltipHoldsTheWholeWhateverTheCellShows() {
        ResourceSample sample = new ResourceSample(Instant.EPOCH, 0.42, 45 * MB);

        assertThat(ProcessText.tooltip(service(4242L, null), sample, null)).isEqualTo("pid 4242 · CPU · memory: 0.4% · 45 MB");
        assertThat(ProcessText.tooltip(service(null, "relay-web-1"), sample, null))
                .isEqualTo("container relay-web-1 · CPU · memory: 0.4% · 45 MB");
        assertThat(ProcessText.tooltip(service(4242L, null), null, "CPU · memory: unknown, agent offline since 17:02:11"))
                .isEqualTo("pid 4242 · CPU · memory: unknown, agent offline since 17:02:11");
        assertThat(ProcessText.tooltip(service(null, null), null, null)).as("a stopped service: nothing to say").isNull();
    }

    private static Service service(Long pid, String container) {
        return new Service("web", pid == null && container == null ? ServiceStatus.STOPPED : ServiceStatus.RUNNING,
                Instant.EPOCH, pid, container, null, null, null, 0, false, null, null, null);
    }
}
