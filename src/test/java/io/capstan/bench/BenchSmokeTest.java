package io.capstan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.capstan.protocol.Line;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
 *
 * <p>The smoke size's contract: a scenario ends within {@link #BUDGET} of a fair share of the machine ({@link FairShare}:
 * wall time counted at cores/load while the machine is loaded), so a busy CI machine (load 56 on two cores took a
 * scenario past 240 s of wall time) is not a failure and a hang still is. The JUnit timeout above it is only the hard
 * cap that keeps a machine too loaded to tell from stalling the run.
 */
class BenchSmokeTest {
    /** What one scenario may take at its smoke size, in fair-share seconds: about 5 times what it takes on a quiet machine. */
    static final Duration BUDGET = Duration.ofSeconds(240);

    @TempDir
    Path work;

    static Stream<Scenario> scenarios() {
        return Scenarios.all().stream();
    }

    @ParameterizedTest(name = "scenario {0}")
    @MethodSource("scenarios")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void producesWellFormedRows(Scenario scenario) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Row> rows = withinBudget(() -> scenario.run(new BenchContext(Size.SMOKE, work,
                new PrintStream(progress, true, StandardCharsets.UTF_8))), progress);

        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.scenario()).isEqualTo(scenario.id());
            assertThat(row.wellFormed()).as("well-formed: %s", row).isTrue();
        });
        assertThat(rows.stream().map(Row::name).distinct().count()).as("row names unique").isEqualTo(rows.size());
        assertThat(Table.text(rows)).contains(rows.get(0).name());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
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
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Row> rows = withinBudget(() -> new LogThroughputScenario(List.of(counting))
                .run(new BenchContext(Size.SMOKE, work, new PrintStream(progress, true, StandardCharsets.UTF_8))), progress);

        assertThat(rows).filteredOn(r -> r.name().endsWith("last line in a counting sink")).singleElement()
                .satisfies(r -> assertThat(r.wellFormed()).isTrue());
    }

    /**
     * Runs {@code scenario} on a thread of its own and waits for its rows within {@link #BUDGET} of fair-share time; past
     * it, the scenario is interrupted and the test fails with what it had said so far.
     */
    private static List<Row> withinBudget(Callable<List<Row>> scenario, ByteArrayOutputStream progress) throws Exception {
        FutureTask<List<Row>> run = new FutureTask<>(scenario);
        Thread runner = new Thread(run, "bench-smoke-scenario");
        runner.setDaemon(true);
        runner.start();
        try {
            if (!Waits.until(run::isDone, BUDGET)) {
                throw new AssertionError("the scenario took more than " + BUDGET.toSeconds() + " s of a fair share of the machine"
                        + " (load " + Machine.load() + "); it said:\n" + progress.toString(StandardCharsets.UTF_8));
            }
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            runner.interrupt();
        }
    }

    @Test
    void aFairShareSecondIsAWallSecondOnAQuietMachineAndLessOnABusyOne() {
        long[] now = {0};
        double[] load = {1.5};
        FairShare clock = new FairShare(() -> now[0], () -> load[0], 2);
        now[0] += 10_000_000_000L;
        assertThat(clock.seconds()).as("a core for each task: the wall clock").isEqualTo(10.0);
        load[0] = 56;
        now[0] += 28_000_000_000L;
        assertThat(clock.seconds()).as("load 56 on 2 cores: 28 s of wall time are 1 s of a fair share").isCloseTo(11.0, within(1e-9));
        assertThat(FairShare.share(0, 2)).isEqualTo(1.0);
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
