package io.capstan.agent.resources;

import io.capstan.protocol.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's last samples, oldest overwritten first: a fixed capacity in three primitive arrays (24 bytes a
 * sample, about 17 KiB for an hour at 5 s), so memory stays bounded however long the agent runs. NaN and -1 stand for
 * the figures a sample did not have. Written by the sampling thread, read by request threads: synchronized.
 */
final class ResourceRing {
    private final long[] at;
    private final double[] cpu;
    private final long[] memory;
    private int next;
    private int size;

    ResourceRing(int capacity) {
        at = new long[capacity];
        cpu = new double[capacity];
        memory = new long[capacity];
    }

    synchronized void add(ResourceSample s) {
        at[next] = s.at().toEpochMilli();
        cpu[next] = s.cpu() == null ? Double.NaN : s.cpu();
        memory[next] = s.memory() == null ? -1 : s.memory();
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    /** The samples taken after {@code since} (all when null), oldest first. */
    synchronized List<ResourceSample> after(Instant since) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        List<ResourceSample> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int k = (next - size + i + at.length) % at.length;
            if (at[k] <= from) continue;
            out.add(new ResourceSample(Instant.ofEpochMilli(at[k]), Double.isNaN(cpu[k]) ? null : cpu[k],
                    memory[k] < 0 ? null : memory[k]));
        }
        return out;
    }

    synchronized int size() {
        return size;
    }
}
