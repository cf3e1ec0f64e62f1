package io.capstan.bench;

import io.capstan.protocol.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a client first reflected each change. Change {@code k} goes to synthetic deployment {@code k % deployments};
 * a client that sees counter {@code c} on a deployment has reflected every change up to {@code c} made on it (the
 * engine may merge changes to one deployment into one event; the later one wins, which is what a client should
 * show). Thread-safe; {@link #saw} is called from whatever thread the client delivers on.
 */
final class ChangeRecorder {
    private final int deployments;
    private final long[] seen;
    private final Map<Long, Long> reflected = new ConcurrentHashMap<>();

    ChangeRecorder(int deployments) {
        this.deployments = deployments;
        this.seen = new long[deployments];
    }

    static int deploymentOf(long change, int deployments) {
        return (int) (change % deployments);
    }

    synchronized void saw(Iterable<Deployment> list) {
        long now = System.nanoTime();
        for (Deployment d : list) {
            if (!d.name().startsWith("d")) continue;
            int i = Integer.parseInt(d.name().substring(1));
            if (i >= deployments) continue;
            long c = SyntheticDeployment.counterOf(d);
            for (long k = c; k > seen[i]; k -= deployments) reflected.putIfAbsent(k, now);
            if (c > seen[i]) seen[i] = c;
        }
    }

    synchronized void sawOne(Deployment d) {
        saw(List.of(d));
    }

    boolean hasAll(Iterable<Long> changes) {
        for (Long k : changes) {
            if (!reflected.containsKey(k)) return false;
        }
        return true;
    }

    Long reflectedAt(long change) {
        return reflected.get(change);
    }

    /** Milliseconds from each change's agent timestamp to its reflection here; changes never reflected are left out. */
    List<Double> latenciesMillis(Map<Long, Long> changedAt) {
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : changedAt.entrySet()) {
            Long at = reflected.get(e.getKey());
            if (at != null) out.add((at - e.getValue()) / 1e6);
        }
        return out;
    }
}
