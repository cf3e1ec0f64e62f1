package io.capstan.agent.swarm;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.LineSink;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Waits until the named services have converged on their current spec, writing what the swarm does line by line:
 * each task that starts (and the one it replaces, with their nodes), each task that fails, a rollback. Converged
 * means the desired number of tasks run, every one of them made from the current spec, and no other task of the
 * service still runs: the old tasks are gone, not just "update completed". A task failing three times, an update
 * paused or rolled back ends the wait with the swarm's reason.
 */
final class Rollout {
    /** A task failing this often on the new spec is a failure, not a hiccup. */
    static final int FAILURES_TO_GIVE_UP = 3;
    private static final long POLL_MILLIS = 500;
    /**
     * How long the same tasks must be seen running before the services count as converged: a task that exits at
     * once is seen running for a moment, and that must not pass for a success.
     */
    static final long STABLE_NANOS = 1_500_000_000L;
    /**
     * How long a task may wait to be placed with the scheduler's reason ("no suitable node") before the job fails
     * with it: the swarm never gives up on such a task, and a node coming back or a drain ending within seconds is
     * ordinary, not a failure.
     */
    static final long UNPLACEABLE_NANOS = 10_000_000_000L;

    /** Reads the stack's state; the deployment's own reader, so the snapshot follows the rollout. */
    @FunctionalInterface
    interface Reader {
        SwarmState read() throws ActionFailedException, InterruptedException;
    }

    private final Reader reader;
    private final LineSink out;
    private final List<String> services;
    private final Set<String> reportedRunning = new HashSet<>();
    private final Set<String> reportedEnded = new HashSet<>();
    private final Set<String> before = new HashSet<>();
    private final Set<String> runningBefore = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, String> lastError = new HashMap<>();
    /** Each service's update status when the action began: a rollback that ended before it is not this action's. */
    private final Map<String, Date> updateBefore = new HashMap<>();
    private final Set<String> rollbacks = new HashSet<>();
    private final Map<String, Set<String>> convergedTasks = new HashMap<>();
    private final Map<String, Long> convergedAt = new HashMap<>();
    private final Set<String> reportedConverged = new HashSet<>();
    /** Since when a service has had a task the scheduler cannot place, by service. */
    private final Map<String, Long> unplacedSince = new HashMap<>();

    Rollout(Reader reader, LineSink out, List<String> services, SwarmState start) {
        this.reader = reader;
        this.out = out;
        this.services = List.copyOf(services);
        start.services().forEach((name, s) -> updateBefore.put(name, s.getUpdateStatus() == null ? null
                : s.getUpdateStatus().getStartedAt()));
        // Tasks running before the action are not news; their end is (they are what gets replaced).
        for (Task t : start.tasks()) {
            before.add(t.getId());
            if (SwarmState.state(t) == TaskState.RUNNING) {
                reportedRunning.add(t.getId());
                runningBefore.add(t.getId());
            }
            else reportedEnded.add(t.getId());
        }
    }

    void await() throws ActionFailedException, InterruptedException {
        while (true) {
            SwarmState state = reader.read();
            boolean all = true;
            for (String name : services) {
                Service s = state.services().get(name);
                if (s == null) throw new ActionFailedException("service " + name + " is not deployed", null);
                if (!converged(name, s, state)) all = false;
            }
            if (all) return;
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean converged(String name, Service s, SwarmState state) throws ActionFailedException {
        List<Task> tasks = state.tasksOf(s);
        report(name, tasks, state);
        ServiceUpdateStatus update = s.getUpdateStatus();
        boolean fresh = update != null && !Objects.equals(update.getStartedAt(), updateBefore.get(name));
        // An update status left from before the action (a rollback last week) says nothing about this one.
        ServiceUpdateState us = !fresh ? null : update.getState();
        String msg = update == null || update.getMessage() == null ? "" : ": " + update.getMessage();
        if (us == ServiceUpdateState.ROLLBACK_STARTED && rollbacks.add(name)) out.system(name + ": rollback started" + msg);
        if (us == ServiceUpdateState.ROLLBACK_COMPLETED) {
            if (rollbacks.add(name)) out.system(name + ": rollback started" + msg);
            out.system(name + ": rolled back to the previous spec" + msg);
            throw new ActionFailedException(name + ": the update was rolled back" + msg, null);
        }
        if (us == ServiceUpdateState.ROLLBACK_PAUSED) {
            if (rollbacks.add(name)) out.system(name + ": rollback started" + msg);
            throw new ActionFailedException(name + ": the rollback paused" + msg, null);
        }
        if (us == ServiceUpdateState.PAUSED) throw new ActionFailedException(name + ": update paused" + msg, null);
        boolean updating = us == ServiceUpdateState.UPDATING || us == ServiceUpdateState.ROLLBACK_STARTED;
        // While the swarm updates the service, its update_config decides what failures mean (pause, roll back,
        // go on); otherwise a task failing again and again is the job's failure.
        int failed = failures.getOrDefault(name, 0);
        if (!updating && failed >= FAILURES_TO_GIVE_UP) {
            String err = lastError.get(name);
            throw new ActionFailedException(name + ": tasks keep failing (" + failed + " failed)" + (err == null ? "" : ": " + err), null);
        }
        int desired = state.desired(s);
        List<Task> wanted = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).toList();
        unplaceable(name, wanted);
        boolean allCurrent = wanted.stream().allMatch(t -> SwarmState.state(t) == TaskState.RUNNING
                && madeFromCurrentSpec(t, s));
        boolean oldGone = tasks.stream().noneMatch(t -> t.getDesiredState() != TaskState.RUNNING
                && (SwarmState.state(t) == TaskState.RUNNING || SwarmState.ON_THE_WAY.contains(SwarmState.state(t))));
        if (!(wanted.size() == desired && allCurrent && oldGone && !updating)) {
            convergedTasks.remove(name);
            return false;
        }
        Set<String> ids = new HashSet<>();
        wanted.forEach(t -> ids.add(t.getId()));
        long now = System.nanoTime();
        if (!ids.equals(convergedTasks.get(name))) {
            convergedTasks.put(name, ids);
            convergedAt.put(name, now);
            return false;
        }
        if (now - convergedAt.get(name) < STABLE_NANOS) return false;
        if (reportedConverged.add(name)) out.system(name + ": converged, " + desired + "/" + desired + " running");
        return true;
    }

    /** Fails the job when a wanted task has waited {@link #UNPLACEABLE_NANOS} to be placed, with the swarm's reason. */
    private void unplaceable(String name, List<Task> wanted) throws ActionFailedException {
        Task stuck = wanted.stream().filter(t -> SwarmState.state(t) == TaskState.PENDING && t.getStatus().getErr() != null
                && !t.getStatus().getErr().isBlank()).findFirst().orElse(null);
        if (stuck == null) {
            unplacedSince.remove(name);
            return;
        }
        long now = System.nanoTime();
        Long since = unplacedSince.putIfAbsent(name, now);
        if (since == null) {
            out.system(name + "." + stuck.getSlot() + " task " + SwarmState.shortId(stuck.getId()) + " cannot be placed yet: "
                    + stuck.getStatus().getErr());
        } else if (now - since >= UNPLACEABLE_NANOS) {
            throw new ActionFailedException(name + ": a task cannot be placed: " + stuck.getStatus().getErr(), null);
        }
    }

    private void report(String name, List<Task> tasks, SwarmState state) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort((a, b) -> SwarmView.stateTime(a).compareTo(SwarmView.stateTime(b)));
        for (Task t : sorted) {
            TaskState st = SwarmState.state(t);
            String label = name + "." + t.getSlot() + " task " + SwarmState.shortId(t.getId());
            String node = state.hostname(t.getNodeId());
            if (st == TaskState.RUNNING && reportedRunning.add(t.getId())) {
                out.system(label + " running on " + node + replaced(t, tasks, state));
            } else if (st != null && st != TaskState.RUNNING && !SwarmState.ON_THE_WAY.contains(st)
                    && reportedEnded.add(t.getId())) {
                String err = t.getStatus().getErr();
                if (SwarmState.FAILED.contains(st) && !before.contains(t.getId())) {
                    out.system(label + " " + st.getValue() + " on " + node + (err == null ? "" : ": " + err));
                    failures.merge(name, 1, Integer::sum);
                    lastError.put(name, err);
                } else if (runningBefore.contains(t.getId())) {
                    out.system(label + " " + st.getValue() + " on " + node);
                }
            }
        }
    }

    /**
     * Whether a task was made from the service's current spec. The engine keeps no link from a task to the spec
     * version it came from (API 1.41), and fills defaults into the service's spec that its tasks do not carry
     * (restart policy, stop grace period), so the two are compared on what an action changes: the force-update
     * counter, the image, the command, its arguments, environment and labels.
     */
    static boolean madeFromCurrentSpec(Task t, Service s) {
        TaskSpec a = t.getSpec();
        TaskSpec b = s.getSpec().getTaskTemplate();
        if (a == null || b == null) return a == b;
        if (orZero(a.getForceUpdate()) != orZero(b.getForceUpdate())) return false;
        ContainerSpec x = a.getContainerSpec();
        ContainerSpec y = b.getContainerSpec();
        if (x == null || y == null) return x == y;
        return Objects.equals(x.getImage(), y.getImage()) && Objects.equals(x.getCommand(), y.getCommand())
                && Objects.equals(x.getArgs(), y.getArgs()) && Objects.equals(x.getEnv(), y.getEnv())
                && Objects.equals(x.getLabels(), y.getLabels());
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /** ", replacing task X on N" when an earlier task of the slot ran before the action. */
    private String replaced(Task t, List<Task> tasks, SwarmState state) {
        for (Task o : tasks) {
            if (!o.getId().equals(t.getId()) && runningBefore.contains(o.getId()) && Objects.equals(o.getSlot(), t.getSlot())
                    && o.getDesiredState() != TaskState.RUNNING) {
                return ", replacing task " + SwarmState.shortId(o.getId()) + " on " + state.hostname(o.getNodeId());
            }
        }
        return "";
    }
}
