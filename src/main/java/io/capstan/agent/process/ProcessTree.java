package io.capstan.agent.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and everything it started. The tree is taken before the first signal: once the root is
 * gone its children are re-parented and no longer show up as its descendants. Public for the compose backend,
 * which kills its CLI children the same way.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    public static List<ProcessHandle> of(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        // A service leads its own process group: members re-parented away (a daemon's double fork) belong to it too.
        if (ProcessGroups.leadsGroup(root.pid())) tree.addAll(ProcessGroups.members(root.pid()));
        return new ArrayList<>(tree);
    }

    /**
     * What a service started with {@link ProcessGroups#inOwnGroup} left running after its own process ended: the
     * rest of its process group (empty off Linux, or when nothing is left).
     */
    public static List<ProcessHandle> leftBehind(long leader) {
        return ProcessGroups.members(leader);
    }

    /**
     * Stops a process and everything it started: SIGTERM, then SIGKILL to whatever is left after {@code timeout}.
     * Returns once they are gone (or after a further bounded wait for the kill).
     */
    public static void stop(ProcessHandle root, Duration timeout) throws InterruptedException {
        List<ProcessHandle> tree = of(root);
        try {
            if (!terminate(tree, timeout)) {
                kill(tree);
                awaitExit(tree, Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            kill(tree);
            throw e;
        }
    }

    /** SIGTERM to every member; true when all of them ended within {@code timeout}. */
    static boolean terminate(List<ProcessHandle> tree, Duration timeout) throws InterruptedException {
        for (ProcessHandle h : tree) h.destroy();
        return awaitExit(tree, timeout);
    }

    /** SIGKILL to every member and to anything the root started since the tree was taken. */
    public static void kill(List<ProcessHandle> tree) {
        Set<ProcessHandle> all = new LinkedHashSet<>(tree);
        for (ProcessHandle h : tree) {
            if (h.isAlive()) h.descendants().forEach(all::add);
        }
        for (ProcessHandle h : all) h.destroyForcibly();
    }

    static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (h.isAlive()) return false;
            } catch (ExecutionException e) {
                // onExit never fails for a real process; treat it as gone.
            }
        }
        return true;
    }
}
