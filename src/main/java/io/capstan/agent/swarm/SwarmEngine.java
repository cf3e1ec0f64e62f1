package io.capstan.agent.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.capstan.agent.containers.ContainerSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm manager the agent drives: the Engine API (docker-java) for reading services, tasks, nodes, events and
 * logs without forking a process per poll, and the {@code docker} CLI for every change, since the CLI round-trips
 * a service's whole spec where a client model would drop the fields it does not know (decision record 75).
 * Both are pointed at {@code DOCKER_HOST} from the agent's environment (or the default socket).
 */
public final class SwarmEngine implements AutoCloseable {
    /** Requests at once (reads of the swarm's state, commands): short, so a few suffice. */
    private static final int REQUESTS = 16;
    /** Streams at once: one per swarm deployment's events and one per followed service log. */
    private static final int STREAMS = 1024;
    private final String host;
    private final Map<String, String> env;
    private final DockerClient api;
    private final ZerodepDockerHttpClient http;
    /** Long-lived streams (events, service logs) on a pool of their own: see the constructor. */
    private final DockerClient streamsApi;
    private final ZerodepDockerHttpClient streamsHttp;
    private final List<String> nodeEngines;
    /** Containers' CPU and memory: the manager's engine first, then each node engine's (decision record 109). */
    private final List<ContainerSampler> samplers;

    /** {@code dockerHost} null for the default socket. */
    public SwarmEngine(String dockerHost) {
        this(dockerHost, List.of());
    }

    /**
     * {@code nodeEngines}: how to reach the engines of the swarm's other nodes ({@code DOCKER_HOST} values), for
     * rebuilds whose image names no registry and so must be loaded on every node.
     */
    public SwarmEngine(String dockerHost, List<String> nodeEngines) {
        this.nodeEngines = List.copyOf(nodeEngines);
        this.host = dockerHost == null || dockerHost.isBlank() ? "unix:///var/run/docker.sock" : dockerHost;
        Map<String, String> e = new HashMap<>();
        e.put("DOCKER_HOST", host);
        // The classic builder: BuildKit cannot build on every engine (no bridge network), the classic one can, and
        // it prints one line a step.
        e.put("DOCKER_BUILDKIT", "0");
        this.env = Map.copyOf(e);
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        // Two pools. A stream (a deployment's events, a service's log) holds its connection for as long as it is
        // open, so streams sharing the requests' pool would take it over: with as many streams as the pool has
        // connections (a stack of 15 services and its events), every read of the swarm's state waits for a connection
        // that never comes, and jobs run into their timeout instead of converging or failing with the swarm's reason.
        this.http = client(config, REQUESTS);
        this.api = DockerClientImpl.getInstance(config, http);
        this.streamsHttp = client(config, STREAMS);
        this.streamsApi = DockerClientImpl.getInstance(config, streamsHttp);
        List<ContainerSampler> all = new ArrayList<>();
        all.add(new ContainerSampler(host));
        for (String node : this.nodeEngines) all.add(new ContainerSampler(node));
        this.samplers = List.copyOf(all);
    }

    /**
     * Which engine to ask for the containers of tasks on each swarm node: the nodes whose engines answered which node
     * they are (the manager's own, and those of {@code CAPSTAN_SWARM_NODE_ENGINES} the API client reaches). Never
     * blocks: an engine not heard from yet is missing, and its tasks have no figures until it is.
     */
    Map<String, ContainerSampler> samplersByNode() {
        Map<String, ContainerSampler> out = new HashMap<>();
        for (ContainerSampler s : samplers) {
            String node = s.swarmNodeId();
            if (node != null) out.putIfAbsent(node, s);
        }
        return out;
    }

    private static ZerodepDockerHttpClient client(DockerClientConfig config, int maxConnections) {
        return new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30)).maxConnections(maxConnections).build();
    }

    /**
     * The engine named by the agent's own {@code DOCKER_HOST}, the other nodes' engines by
     * {@code CAPSTAN_SWARM_NODE_ENGINES} (comma-separated {@code DOCKER_HOST} values, e.g.
     * {@code ssh://deploy@node-b,tcp://node-c:2376}).
     */
    public static SwarmEngine fromEnvironment() {
        return new SwarmEngine(System.getenv("DOCKER_HOST"), nodeEngines(System.getenv("CAPSTAN_SWARM_NODE_ENGINES")));
    }

    static List<String> nodeEngines(String list) {
        if (list == null || list.isBlank()) return List.of();
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    List<String> nodeEngines() {
        return nodeEngines;
    }

    public String host() {
        return host;
    }

    DockerClient api() {
        return api;
    }

    /** For long-lived streams only (events): a pool apart from {@link #api()}'s requests. */
    DockerClient streams() {
        return streamsApi;
    }

    /**
     * A raw GET on the Engine API, for what docker-java's commands leave out (its service-log command drops
     * {@code details}, which name each line's task and node), on the streams' pool. The caller closes the response.
     */
    DockerHttpClient.Response get(String pathAndQuery) {
        return streamsHttp.execute(new DockerHttpClient.Request.Builder().method(DockerHttpClient.Request.Method.GET)
                .path(pathAndQuery).build());
    }

    Map<String, String> env() {
        return env;
    }

    List<String> docker(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(args);
        return argv;
    }

    /**
     * Null when the engine answers and is a swarm manager; else why not, in words for an operator. Asks the engine
     * (one call).
     */
    public String problem() {
        Info info;
        try {
            info = api.infoCmd().exec();
        } catch (RuntimeException e) {
            return "container engine unavailable at " + host + ": " + SwarmState.why(e);
        }
        SwarmInfo swarm = info.getSwarm();
        if (swarm == null || swarm.getLocalNodeState() != LocalNodeState.ACTIVE) {
            return "the engine at " + host + " is not part of a swarm (docker swarm init, or run the agent on a manager)";
        }
        if (!Boolean.TRUE.equals(swarm.getControlAvailable())) {
            return "the engine at " + host + " is a swarm worker; run the agent on a manager";
        }
        return null;
    }

    @Override
    public void close() {
        samplers.forEach(ContainerSampler::close);
        for (DockerClient client : List.of(api, streamsApi)) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing releases pooled connections only; nothing to report.
            }
        }
    }
}
