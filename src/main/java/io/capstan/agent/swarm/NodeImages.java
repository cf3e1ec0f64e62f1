package io.capstan.agent.swarm;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.compose.CliCommand;
import io.capstan.agent.process.LinePump;
import io.capstan.agent.process.ProcessTree;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rebuilt image without a registry: copied from the manager to every other node's engine ({@code docker save}
 * piped into {@code docker load}, two processes joined by the JDK, no shell), so the services can roll onto its
 * image ID on any node. The agent reaches the nodes' engines through the list it is configured with
 * ({@code CAPSTAN_SWARM_NODE_ENGINES}); a ready, active node that is not on it fails the rebuild before anything
 * rolls, since the swarm would place tasks there that cannot start (decision record 76).
 */
final class NodeImages {
    private static final Duration ASK = Duration.ofSeconds(30);

    private NodeImages() {
    }

    /** Copies {@code image} to every configured node and returns its image ID ({@code sha256:...}). */
    static String copyEverywhere(SwarmDeployment d, SwarmEngine engine, String image, LineSink out)
            throws ActionFailedException, InterruptedException {
        String id = d.capture(List.of("image", "inspect", "--format", "{{.Id}}", image)).strip();
        Map<String, String> engines = nodeEngines(engine, out);
        SwarmState state = d.read();
        Set<String> missing = uncovered(state, engine, engines);
        if (!missing.isEmpty()) {
            String message = image + " names no registry and the agent cannot reach the engine of node "
                    + String.join(", ", missing) + " to load it there; list each node's engine in "
                    + "CAPSTAN_SWARM_NODE_ENGINES or name a registry in the stack file's image";
            out.system(message);
            throw new ActionFailedException(message, null);
        }
        for (Map.Entry<String, String> e : engines.entrySet()) {
            out.system("loading " + image + " on node " + state.hostname(e.getValue()) + " (" + e.getKey() + ")");
            copy(engine, image, e.getKey(), out);
        }
        out.system("built " + image + " as " + id + (engines.isEmpty() ? "" : ", loaded on " + engines.size()
                + (engines.size() == 1 ? " other node" : " other nodes")));
        return id;
    }

    /** The configured node engines that answer, each with its swarm node ID; one that does not answer fails. */
    private static Map<String, String> nodeEngines(SwarmEngine engine, LineSink out)
            throws ActionFailedException, InterruptedException {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String host : engine.nodeEngines()) {
            CliCommand.Result r = CliCommand.capture(engine.docker(List.of("info", "--format", "{{.Swarm.NodeID}}")),
                    Map.of("DOCKER_HOST", host), ASK);
            String id = r.stdout().strip();
            if (!r.ok() || id.isEmpty()) {
                String message = "node engine " + host + " does not answer as a swarm node: "
                        + (r.ok() ? "not part of a swarm" : r.firstErrorLine());
                out.system(message);
                throw new ActionFailedException(message, null);
            }
            ids.put(host, id);
        }
        return ids;
    }

    /** Hostnames of ready, active nodes other than the manager that no configured engine is. */
    private static Set<String> uncovered(SwarmState state, SwarmEngine engine, Map<String, String> engines) {
        String self = engine.api().infoCmd().exec().getSwarm().getNodeID();
        Set<String> out = new TreeSet<>();
        Map<String, String> hosts = state.hostnames();
        for (SwarmNode n : state.nodes()) {
            boolean usable = n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY
                    && n.getSpec() != null && n.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE;
            if (usable && !n.getId().equals(self) && !engines.containsValue(n.getId())) out.add(hosts.get(n.getId()));
        }
        return out;
    }

    /** {@code docker save image | DOCKER_HOST=host docker load}, the load's output into the job. */
    private static void copy(SwarmEngine engine, String image, String host, LineSink out)
            throws ActionFailedException, InterruptedException {
        ProcessBuilder save = new ProcessBuilder(engine.docker(List.of("image", "save", image)));
        save.environment().putAll(engine.env());
        ProcessBuilder load = new ProcessBuilder(engine.docker(List.of("image", "load")));
        load.environment().putAll(engine.env());
        load.environment().put("DOCKER_HOST", host);
        List<Process> pipeline;
        try {
            pipeline = ProcessBuilder.startPipeline(List.of(save, load));
        } catch (IOException e) {
            throw new ActionFailedException("cannot run docker: " + e.getMessage(), null);
        }
        Process saving = pipeline.get(0);
        Process loading = pipeline.get(1);
        List<Thread> pumps = new ArrayList<>();
        pumps.add(LinePump.start("capstan-swarm-save", saving.getErrorStream(), LineStream.STDERR, out));
        pumps.add(LinePump.start("capstan-swarm-load", loading.getInputStream(), LineStream.STDOUT, out));
        pumps.add(LinePump.start("capstan-swarm-load-err", loading.getErrorStream(), LineStream.STDERR, out));
        try {
            int saved = saving.waitFor();
            int loaded = loading.waitFor();
            for (Thread t : pumps) t.join(2000);
            if (saved != 0 || loaded != 0) {
                throw new ActionFailedException("copying " + image + " to " + host + " failed (docker save exit code "
                        + saved + ", docker load exit code " + loaded + ")", saved != 0 ? saved : loaded);
            }
        } catch (InterruptedException e) {
            for (Process p : pipeline) ProcessTree.kill(ProcessTree.of(p.toHandle()));
            out.system("canceled; stopped copying " + image + " to " + host);
            throw e;
        }
    }
}
