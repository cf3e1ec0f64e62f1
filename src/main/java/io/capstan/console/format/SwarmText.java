package io.capstan.console.format;

import io.capstan.protocol.ClusterNode;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceTask;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an orchestrated (swarm) service and its nodes read in the console: replicas as "2/3", each task as
 * "1 running on node-a" (with the swarm's error when it failed), nodes as "node-a ready · 3 tasks".
 */
public final class SwarmText {
    private SwarmText() {
    }

    /** "2/3" (running/desired), or null for a service that has no replicas (process, compose). */
    public static String replicas(Service service) {
        return service.replicas() == null ? null : service.replicas().running() + "/" + service.replicas().desired();
    }

    /** One task: "2 running on node-a", "1 failed on node-b: task: non-zero exit (3)". */
    public static String task(ServiceTask t) {
        String where = t.node() == null ? "" : " on " + t.node();
        String error = t.error() == null ? "" : ": " + t.error();
        return (t.slot() == null ? "" : t.slot() + " ") + t.state() + where + error;
    }

    /** The service's tasks on one line, for the services table; empty when it has none. */
    public static String tasks(Service service) {
        if (service.tasks() == null) return "";
        return service.tasks().stream().map(SwarmText::task).collect(Collectors.joining(", "));
    }

    /** The swarm's nodes on one line, "Nodes: node-a ready · 3 tasks, node-b drain · 0 tasks"; null without nodes. */
    public static String nodes(List<ClusterNode> nodes) {
        if (nodes == null || nodes.isEmpty()) return null;
        return "Nodes: " + nodes.stream().map(SwarmText::node).collect(Collectors.joining(", "));
    }

    /** "node-a ready · 3 tasks"; availability shown when it is not active ("node-b ready, drain · 0 tasks"). */
    public static String node(ClusterNode n) {
        String availability = "active".equals(n.availability()) ? "" : ", " + n.availability();
        return n.hostname() + " " + n.status() + availability + " · " + n.tasks() + (n.tasks() == 1 ? " task" : " tasks");
    }
}
