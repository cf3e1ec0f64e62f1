package io.capstan.bench;

import io.capstan.protocol.Deployment;
import java.util.List;

/** When a client first showed a whole burst: synthetic deployments 0..size-1 all carrying change {@code counter}. */
final class BurstWatcher {
    private final int size;
    private volatile long counter = Long.MAX_VALUE;
    private volatile long reflectedAt;

    BurstWatcher(int size) {
        this.size = size;
    }

    void expect(long change) {
        reflectedAt = 0;
        counter = change;
    }

    void saw(List<Deployment> list) {
        if (reflectedAt != 0) return;
        long now = System.nanoTime();
        // Lists come sorted by name and the burst changes d0000.. in order: while the last one is not there yet, the
        // burst is not shown, and the check costs O(1) instead of a scan per event (the watcher must not be the cost).
        if (list.size() >= size) {
            Deployment probe = list.get(size - 1);
            if (probe.name().equals(BenchCatalog.name(size - 1)) && SyntheticDeployment.counterOf(probe) < counter) return;
        }
        int matching = 0;
        for (Deployment d : list) {
            if (!d.name().startsWith("d")) continue;
            int i = Integer.parseInt(d.name().substring(1));
            if (i < size && SyntheticDeployment.counterOf(d) >= counter) matching++;
        }
        if (matching == size) {
            synchronized (this) {
                if (reflectedAt == 0) reflectedAt = now;
            }
        }
    }

    long reflectedAt() {
        return reflectedAt;
    }
}
