package io.capstan.agent.swarm;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.capstan.protocol.ClusterNode;
import io.capstan.protocol.Replicas;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.ServiceTask;
import io.capstan.protocol.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a stack's state reads in the protocol: a service's status from its replicas and tasks, the tasks an
 * operator wants to see (the current ones, and the last failure of a slot that has no running task), the nodes.
 */
final class SwarmView {
    private SwarmView() {
    }

    /**
     * {@code stopped} with nothing desired and nothing running; {@code stopping} while tasks still run with none
     * desired; {@code running} with every desired replica up; {@code exited} (with the failed task's exit code)
     * when a slot without a running task last failed; {@code starting} otherwise.
     */
    static io.capstan.protocol.Service service(String name, Service s, SwarmState state, Instant fallback) {
        if (s == null) {
            return new io.capstan.protocol.Service(name, ServiceStatus.STOPPED, fallback, null, null, null, null, null,
                    new Replicas(0, 0), List.of());
        }
        int desired = state.desired(s);
        int running = state.running(s);
        List<ServiceTask> tasks = tasks(state.tasksOf(s), state);
        ServiceStatus status;
        Integer exitCode = null;
        if (desired == 0) {
            status = running > 0 ? ServiceStatus.STOPPING : ServiceStatus.STOPPED;
        } else if (running >= desired) {
            status = ServiceStatus.RUNNING;
        } else {
            Task failed = lastFailureWithoutRunning(state.tasksOf(s));
            status = failed != null ? ServiceStatus.EXITED : ServiceStatus.STARTING;
            if (failed != null && failed.getStatus().getContainerStatus() != null) {
                exitCode = failed.getStatus().getContainerStatus().getExitCode();
            }
        }
        Instant since = s.getUpdatedAt() == null ? fallback : Timestamps.millis(s.getUpdatedAt().toInstant());
        return new io.capstan.protocol.Service(name, status, since, null, null, exitCode, null, null,
                new Replicas(desired, running), tasks);
    }

    /** The newest task of a slot whose newest task failed and that runs nothing now; null when there is none. */
    private static Task lastFailureWithoutRunning(List<Task> tasks) {
        Map<Integer, Task> newest = new HashMap<>();
        for (Task t : tasks) {
            Integer slot = t.getSlot() == null ? -1 : t.getSlot();
            Task n = newest.get(slot);
            if (n == null || created(t).isAfter(created(n))) newest.put(slot, t);
        }
        for (Task t : newest.values()) {
            if (SwarmState.FAILED.contains(SwarmState.state(t))) return t;
        }
        return null;
    }

    /** Tasks meant to run or still running, and for each slot running none its newest ended task; by slot. */
    static List<ServiceTask> tasks(List<Task> tasks, SwarmState state) {
        Map<Integer, List<Task>> bySlot = new LinkedHashMap<>();
        for (Task t : tasks) bySlot.computeIfAbsent(t.getSlot() == null ? 0 : t.getSlot(), k -> new ArrayList<>()).add(t);
        List<ServiceTask> out = new ArrayList<>();
        for (List<Task> slot : bySlot.values()) {
            slot.sort(Comparator.comparing(SwarmView::created).reversed());
            List<Task> live = slot.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING
                    || SwarmState.state(t) == TaskState.RUNNING).toList();
            for (Task t : live) out.add(task(t, state));
            // A slot not running now shows why: its newest ended task, with the swarm's error and the exit code.
            if (live.stream().noneMatch(t -> SwarmState.state(t) == TaskState.RUNNING)) {
                slot.stream().filter(t -> !live.contains(t)).findFirst().ifPresent(t -> out.add(task(t, state)));
            }
        }
        out.sort(Comparator.comparing((ServiceTask t) -> t.slot() == null ? 0 : t.slot()).thenComparing(ServiceTask::id));
        return out;
    }

    static ServiceTask task(Task t, SwarmState state) {
        TaskState st = SwarmState.state(t);
        Integer exit = t.getStatus() != null && t.getStatus().getContainerStatus() != null
                ? t.getStatus().getContainerStatus().getExitCode() : null;
        String err = t.getStatus() == null ? null : t.getStatus().getErr();
        String stateWord = st == null ? "unknown" : st.getValue();
        String node = state.hostname(t.getNodeId());
        // A task whose node is down cannot report: its last word is history, not its state.
        if (state.onNodeDown(t) && (st == TaskState.RUNNING || SwarmState.ON_THE_WAY.contains(st))) {
            err = "node " + node + " is down; the task last reported " + stateWord;
            stateWord = "unknown";
        }
        return new ServiceTask(SwarmState.shortId(t.getId()), t.getSlot(), node, stateWord,
                t.getDesiredState() == null ? null : t.getDesiredState().getValue(),
                err == null || err.isBlank() ? null : err, exit, Timestamps.millis(stateTime(t)));
    }

    static List<ClusterNode> nodes(SwarmState state) {
        Map<String, Integer> running = new HashMap<>();
        for (Task t : state.tasks()) {
            if (SwarmState.state(t) == TaskState.RUNNING && t.getNodeId() != null && !state.onNodeDown(t)) {
                running.merge(t.getNodeId(), 1, Integer::sum);
            }
        }
        List<ClusterNode> out = new ArrayList<>();
        Map<String, String> hosts = state.hostnames();
        for (SwarmNode n : state.nodes()) {
            String role = n.getSpec() == null || n.getSpec().getRole() == null ? "unknown" : lower(n.getSpec().getRole().name());
            String availability = n.getSpec() == null || n.getSpec().getAvailability() == null ? "unknown"
                    : lower(n.getSpec().getAvailability().name());
            String status = n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
                    : lower(n.getStatus().getState().name());
            out.add(new ClusterNode(SwarmState.shortId(n.getId()), hosts.get(n.getId()), role, status, availability,
                    running.getOrDefault(n.getId(), 0)));
        }
        out.sort(Comparator.comparing(ClusterNode::hostname, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ClusterNode::id));
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Instant created(Task t) {
        return parse(t.getCreatedAt());
    }

    static Instant stateTime(Task t) {
        return t.getStatus() == null ? created(t) : parse(t.getStatus().getTimestamp());
    }

    private static Instant parse(String ts) {
        if (ts == null) return Instant.EPOCH;
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
