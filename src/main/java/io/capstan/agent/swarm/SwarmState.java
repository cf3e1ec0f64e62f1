package io.capstan.agent.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One read of a stack from the swarm manager: its services (by the stack's namespace label), their tasks (history
 * included) and the swarm's nodes. Three Engine API calls, no process forked.
 */
record SwarmState(Map<String, Service> services, List<Task> tasks, List<SwarmNode> nodes) {
    static final String NAMESPACE = "com.docker.stack.namespace";
    /** Task states a task passes through on its way to running. */
    static final Set<TaskState> ON_THE_WAY = Set.of(TaskState.NEW, TaskState.ALLOCATED, TaskState.PENDING,
            TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.PREPARING, TaskState.READY, TaskState.STARTING);
    static final Set<TaskState> FAILED = Set.of(TaskState.FAILED, TaskState.REJECTED, TaskState.ORPHANED);

    /** Services keyed by their name within the stack ({@code web} for {@code shop_web}). */
    static SwarmState read(DockerClient api, String stack) {
        List<Service> list = api.listServicesCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec();
        Map<String, Service> services = new HashMap<>();
        for (Service s : list) {
            String full = s.getSpec().getName();
            String prefix = stack + "_";
            services.put(full.startsWith(prefix) ? full.substring(prefix.length()) : full, s);
        }
        List<Task> tasks = services.isEmpty() ? List.of()
                : api.listTasksCmd().withServiceFilter(list.stream().map(Service::getId).toArray(String[]::new)).exec();
        List<SwarmNode> nodes = api.listSwarmNodesCmd().exec();
        return new SwarmState(services, tasks, nodes);
    }

    List<Task> tasksOf(Service s) {
        return tasks.stream().filter(t -> Objects.equals(t.getServiceId(), s.getId())).toList();
    }

    /** What the spec asks for: its replicas, or for a global service the tasks the orchestrator means to run. */
    int desired(Service s) {
        ServiceModeConfig mode = s.getSpec().getMode();
        if (mode != null && mode.getReplicated() != null) return (int) mode.getReplicated().getReplicas();
        return (int) tasksOf(s).stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count();
    }

    /**
     * Tasks running on a node that is up. A task on a node that went down last reported running, but nothing
     * says it still does (the swarm reschedules it elsewhere), so it does not count.
     */
    int running(Service s) {
        return (int) tasksOf(s).stream().filter(t -> state(t) == TaskState.RUNNING && !onNodeDown(t)).count();
    }

    /** Whether the task was placed on a node the manager does not see ready (down, disconnected, unknown). */
    boolean onNodeDown(Task t) {
        if (t.getNodeId() == null) return false;
        for (SwarmNode n : nodes) {
            if (n.getId().equals(t.getNodeId())) {
                return n.getStatus() == null || n.getStatus().getState() != SwarmNodeState.READY;
            }
        }
        return true;
    }

    Map<String, String> hostnames() {
        Map<String, String> out = new HashMap<>();
        for (SwarmNode n : nodes) {
            String host = n.getDescription() == null ? null : n.getDescription().getHostname();
            out.put(n.getId(), host == null ? shortId(n.getId()) : host);
        }
        return out;
    }

    String hostname(String nodeId) {
        return nodeId == null ? null : hostnames().getOrDefault(nodeId, shortId(nodeId));
    }

    static TaskState state(Task t) {
        return t.getStatus() == null ? null : t.getStatus().getState();
    }

    static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Whether {@code e} is the transport's report of the calling thread's interruption. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedByInterruptException || t instanceof java.io.InterruptedIOException
                    || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** An engine error in one line: docker-java's messages carry the whole JSON body. */
    static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.strip().lines().findFirst().orElse(m);
    }
}
