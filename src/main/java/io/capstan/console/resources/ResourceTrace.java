package io.capstan.console.resources;

import io.capstan.protocol.ResourceSample;
import java.util.List;

/**
 * One service's samples as a view draws them: an immutable copy (oldest first), so a cell or a chart reads it on the
 * UI thread while the next poll builds the following one. Times are epoch milliseconds; unknown CPU is NaN, unknown
 * memory -1.
 */
public record ResourceTrace(long[] at, double[] cpu, long[] memory) {

    public static final ResourceTrace EMPTY = new ResourceTrace(new long[0], new double[0], new long[0]);

    public static ResourceTrace of(List<ResourceSample> samples) {
        int n = samples.size();
        long[] at = new long[n];
        double[] cpu = new double[n];
        long[] memory = new long[n];
        for (int i = 0; i < n; i++) {
            ResourceSample s = samples.get(i);
            at[i] = s.at().toEpochMilli();
            cpu[i] = s.cpu() == null ? Double.NaN : s.cpu();
            memory[i] = s.memory() == null ? -1 : s.memory();
        }
        return new ResourceTrace(at, cpu, memory);
    }

    public int size() {
        return at.length;
    }

    /** The newest sample, or null when there is none. */
    public ResourceSample latest() {
        int i = at.length - 1;
        if (i < 0) {
            return null;
        }
        return new ResourceSample(java.time.Instant.ofEpochMilli(at[i]), Double.isNaN(cpu[i]) ? null : cpu[i],
                memory[i] < 0 ? null : memory[i]);
    }
}
