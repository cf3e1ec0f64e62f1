package io.capstan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.Line;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the benchmark from rotting: every registered scenario runs at its smallest size against real agents and must
 * produce well-formed rows. No figure is asserted; figures live in the benchmark's table (docs/performance.md).
 */
class BenchSmokeTest {

    @TempDir
    Path work;

    static Stream<Scenario> scenarios() {
        return Scenarios.all().stream();
    }

    @ParameterizedTest(name = "scenario {0}")
    @MethodSource("scenarios")
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void producesWellFormedRows(Scenario scenario) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Row> rows = scenario.run(new BenchContext(Size.SMOKE, work, new PrintStream(progress, true, StandardCharsets.UTF_8)));

        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.scenario()).isEqualTo(scenario.id());
            assertThat(row.wellFormed()).as("well-formed: %s", row).isTrue();
        });
        assertThat(rows.stream().map(Row::name).distinct().count()).as("row names unique").isEqualTo(rows.size());
        assertThat(Table.text(rows)).contains(rows.get(0).name());
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void logDestinationsGetARowEach() throws Exception {
        Supplier<LogDestination> counting = () -> new LogDestination() {
            private final AtomicLong last = new AtomicLong();

            @Override
            public String name() {
                return "a counting sink";
            }

            @Override
            public Target target() {
                return Target.atLeast(1);
            }

            @Override
            public void onLine(Line line) {
                last.set(line.seq());
            }

            @Override
            public boolean holds(long seq) {
                return last.get() >= seq;
            }
        };
        List<Row> rows = new LogThroughputScenario(List.of(counting))
                .run(new BenchContext(Size.SMOKE, work, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

        assertThat(rows).filteredOn(r -> r.name().endsWith("last line in a counting sink")).singleElement()
                .satisfies(r -> assertThat(r.wellFormed()).isTrue());
    }

    @Test
    void scenarioIdsAreUnique() {
        assertThat(Scenarios.all().stream().map(Scenario::id).distinct().count()).isEqualTo(Scenarios.all().size());
    }

    @Test
    void percentilesAreNearestRank() {
        Percentiles p = Percentiles.of(5, 1, 4, 2, 3, 6, 7, 8, 9, 10);
        assertThat(p.p(50)).isEqualTo(5);
        assertThat(p.p(90)).isEqualTo(9);
        assertThat(p.p(99)).isEqualTo(10);
        assertThat(Percentiles.of().p(50)).isNaN();
    }

    @Test
    void ratioAndTargetFollowTheFigures() {
        Row row = Row.of("1", "latency", 30, 1000.0, "ms", Target.atMost(20));
        assertThat(row.ratio()).isEqualTo(0.03);
        assertThat(row.met()).isFalse();
        assertThat(Table.text(List.of(row))).contains("NO (1.50x)");
        Row noBaseline = Row.of("5", "lost", 0, null, "lines", Target.atMost(0));
        assertThat(noBaseline.ratio()).isNull();
        assertThat(noBaseline.met()).isTrue();
        assertThat(Row.of("2", "rate", 300_000, 100_000.0, "lines/s", Target.atLeast(250_000)).met()).isTrue();
    }
}
