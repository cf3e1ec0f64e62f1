package io.capstan.agent.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One answer of {@code GET /containers/{id}/stats?stream=false&one-shot=true}, reduced to what a sample needs: when the
 * engine read the container's cgroup ({@code read}), its cumulative CPU time, and its memory as {@code docker stats}
 * shows it: usage minus inactive file cache ({@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2),
 * which the kernel reclaims first and which is not the container's own working set.
 *
 * @param memory null when the engine reported none (a container that is not running, a rootless engine on cgroup v1)
 */
record ContainerStats(Instant read, long cpuNanos, Long memory) {

    /** Null when the answer holds no figures (the engine's zero time: the container does not run). */
    static ContainerStats parse(JsonNode stats) {
        Instant read = instant(stats.path("read").asText(""));
        if (read == null) return null;
        long cpu = stats.path("cpu_stats").path("cpu_usage").path("total_usage").asLong(0);
        JsonNode mem = stats.path("memory_stats");
        Long memory = null;
        if (mem.has("usage")) {
            long usage = mem.path("usage").asLong();
            JsonNode s = mem.path("stats");
            // As the docker CLI computes it (calculateMemUsageUnixNoCache), so the figures match `docker stats`.
            long inactive = s.has("total_inactive_file") ? s.path("total_inactive_file").asLong()
                    : s.path("inactive_file").asLong(0);
            memory = inactive < usage ? usage - inactive : usage;
        }
        return new ContainerStats(read, cpu, memory);
    }

    /**
     * Percent of one core between two reads of the same container (200 for two busy cores), by the engine's own read
     * times, so the request's latency does not bend it. A container restarted in between (its counter went back)
     * counts from zero.
     */
    static Double cpuPercent(ContainerStats before, ContainerStats after) {
        long nanos = java.time.Duration.between(before.read, after.read).toNanos();
        if (nanos <= 0) return null;
        long used = after.cpuNanos >= before.cpuNanos ? after.cpuNanos - before.cpuNanos : after.cpuNanos;
        return 100.0 * used / nanos;
    }

    private static Instant instant(String text) {
        if (text.isEmpty() || text.startsWith("0001-")) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
