package io.capstan.agent.containers;

import io.capstan.agent.backend.ResourceUsage;
import java.util.List;

/** A service's figures from its containers' (a scaled compose service, a swarm service's tasks). */
public final class ResourceSums {
    private ResourceSums() {
    }

    /**
     * The sum, figure by figure; a figure any container lacks is null (part of a service passed off as the whole would
     * read low). Null when no container has any figure, or one has none at all (null in the list).
     */
    public static ResourceUsage of(List<ResourceUsage> parts) {
        if (parts.isEmpty() || parts.contains(null)) return null;
        Double cpu = 0.0;
        Long memory = 0L;
        for (ResourceUsage u : parts) {
            cpu = cpu == null || u.cpu() == null ? null : cpu + u.cpu();
            memory = memory == null || u.memory() == null ? null : memory + u.memory();
        }
        return cpu == null && memory == null ? null : new ResourceUsage(cpu, memory);
    }
}
