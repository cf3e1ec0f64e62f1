package io.capstan.agent.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The engine's stats answers, as dockerd 20.10 writes them on cgroup v1 and v2, read as {@code docker stats} does. */
class ContainerStatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ContainerStats parse(String json) throws Exception {
        return ContainerStats.parse(JSON.readTree(json));
    }

    @Test
    void memoryIsUsageMinusInactiveFileCacheOnCgroupV1() throws Exception {
        ContainerStats s = parse("""
                {"read":"2026-12-02T03:07:31.924573838Z","cpu_stats":{"cpu_usage":{"total_usage":263282168}},
                 "memory_stats":{"usage":10000000,"stats":{"total_inactive_file":4000000,"inactive_file":1}}}""");
        assertThat(s.memory()).isEqualTo(6_000_000L);
        assertThat(s.cpuNanos()).isEqualTo(263_282_168L);
        assertThat(s.read()).isEqualTo(Instant.parse("2026-12-02T03:07:31.924573838Z"));
    }

    @Test
    void memoryIsUsageMinusInactiveFileOnCgroupV2() throws Exception {
        ContainerStats s = parse("""
                {"read":"2026-12-02T03:07:31Z","cpu_stats":{"cpu_usage":{"total_usage":5}},
                 "memory_stats":{"usage":10000000,"stats":{"inactive_file":3000000,"anon":7000000}}}""");
        assertThat(s.memory()).isEqualTo(7_000_000L);
    }

    @Test
    void cacheLargerThanUsageLeavesUsage() throws Exception {
        assertThat(parse("""
                {"read":"2026-12-02T03:07:31Z","memory_stats":{"usage":100,"stats":{"inactive_file":500}}}""").memory())
                .isEqualTo(100L);
    }

    @Test
    void aContainerThatDoesNotRunHasNoFigures() throws Exception {
        // What the engine answers for a stopped container: the zero time, empty stats.
        assertThat(parse("""
                {"read":"0001-01-01T00:00:00Z","cpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{}}""")).isNull();
        assertThat(parse("""
                {"read":"2026-12-02T03:07:31Z","cpu_stats":{"cpu_usage":{"total_usage":9}},"memory_stats":{}}""").memory())
                .as("no memory figure (a rootless engine on cgroup v1) is unknown, not zero").isNull();
    }

    @Test
    void cpuIsTheCountersDifferenceOverTheEnginesReadTimes() {
        ContainerStats a = new ContainerStats(Instant.parse("2026-12-02T03:00:00Z"), 1_000_000_000L, 1L);
        ContainerStats b = new ContainerStats(Instant.parse("2026-12-02T03:00:05Z"), 8_500_000_000L, 1L);
        assertThat(ContainerStats.cpuPercent(a, b)).as("7.5 s of CPU in 5 s: one and a half cores").isEqualTo(150.0);
        ContainerStats restarted = new ContainerStats(Instant.parse("2026-12-02T03:00:10Z"), 500_000_000L, 1L);
        assertThat(ContainerStats.cpuPercent(b, restarted)).as("a restarted container counts from zero").isEqualTo(10.0);
        assertThat(ContainerStats.cpuPercent(b, b)).as("no time between the reads: no rate").isNull();
    }
}
