package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.console.fx.DirectBackground;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The heap a deployment log pane of a million 100-character lines from three services takes, and what hiding one
 * service adds (decision record 134): a measurement, run on purpose ({@code -Dexcluded.groups=none
 * -Dtest=HiddenRowsHeapTest}), since heap after a collection is only meaningful in a JVM doing nothing else.
 */
@Tag("measure")
class HiddenRowsHeapTest {
    private static final int ROWS = 1_000_000;

    @Test
    void hidingOneServiceOfThreeInAMillionLinePane() {
        long empty = usedAfterGc();
        LogPaneViewModel model = new LogPaneViewModel("all services", new DirectBackground(), new NoLogPaneEffects(),
                Clock.systemUTC(), ROWS);
        for (int s = 1; s <= 3; s++) model.addSource(s, "svc" + s);
        String pad = "x".repeat(90);
        long ordinal = 0;
        for (int batch = 0; batch < ROWS / 10_000; batch++) {
            List<LogEntry> rows = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++, ordinal++) {
                rows.add(LogEntry.of(ordinal, new Line(ordinal + 1, Instant.EPOCH, LineStream.STDOUT,
                        String.format("%9d ", ordinal) + pad), (int) (ordinal % 3) + 1));
            }
            model.accept(rows);
        }
        long filled = usedAfterGc();
        model.sources().get(0).shownProperty().set(false);
        long hidden = usedAfterGc();
        model.queryProperty().set("1 x"); // a search matching a tenth of the rows shown
        long searched = usedAfterGc();
        System.out.printf("heap per million lines held: %.1f MB; hiding one service of three adds %.1f MB"
                        + " (%,d rows shown); a search matching %,d rows adds %.1f MB%n",
                (filled - empty) / 1e6, (hidden - filled) / 1e6, model.shown().size(), model.matchCountProperty().get(),
                (searched - hidden) / 1e6);
        assertThat(model.shown()).hasSize(666_666);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
