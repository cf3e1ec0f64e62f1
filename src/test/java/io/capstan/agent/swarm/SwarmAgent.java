package io.capstan.agent.swarm;

import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real agent with the swarm backend over a temporary root, pointed at the test swarm, and a real client. Stacks
 * are written into the root; {@link #removeStacks} removes every stack the tests made from the swarm.
 */
final class SwarmAgent implements AutoCloseable {
    static final Duration JOB_WAIT = Duration.ofSeconds(110);

    final Path root;
    final Path state;
    final Agent agent;
    final AgentClient client;

    SwarmAgent(Path root, Path state) {
        this(root, state, TestSwarm.engine());
    }

    SwarmAgent(Path root, Path state, SwarmEngine engine) {
        this.root = root;
        this.state = state;
        agent = Agent.start(AgentConfig.builder(state).port(0).actionTimeout(Duration.ofSeconds(100))
                .cancelGrace(Duration.ofSeconds(5)).build(),
                FolderCatalog.factory(root, List.of(new ProcessBackend(), new SwarmBackend(engine))));
        client = new AgentClient(new AgentEndpoint("test", agent.baseUrl(), agent.token()));
    }

    static String uniqueName(String prefix) {
        return prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    }

    /** Writes {@code docker-stack.yml} (and a Dockerfile when given) and waits until the agent lists it. */
    String stack(String prefix, String stackFile, String dockerfile) throws IOException {
        String name = uniqueName(prefix);
        Path dir = Files.createDirectories(root.resolve(name));
        if (dockerfile != null) Files.writeString(Files.createDirectories(dir.resolve("app")).resolve("Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("docker-stack.yml"), stackFile.replace("${NAME}", name));
        await().atMost(Duration.ofSeconds(30)).until(() -> find(name) != null && !find(name).services().isEmpty());
        return name;
    }

    Deployment find(String name) {
        return client.deployments().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    Service service(String deployment, String service) {
        return client.deployment(deployment).deployment().services().stream().filter(s -> s.name().equals(service))
                .findFirst().orElseThrow();
    }

    Job run(String deployment, String service, Action action) {
        Job job = service == null ? client.startDeploymentJob(deployment, action)
                : client.startServiceJob(deployment, service, action);
        return awaitEnd(job.id());
    }

    Job awaitEnd(String id) {
        return await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> client.job(id), j -> j.status() != JobStatus.QUEUED && j.status() != JobStatus.RUNNING);
    }

    List<String> output(String jobId) {
        return client.log(jobId, 0, 10_000).lines().stream().map(Line::text).toList();
    }

    @Override
    public void close() {
        client.close();
        agent.close();
    }

    /** Removes the stacks named like the deployments under {@code root} from the swarm. */
    static void removeStacks(Path root) throws IOException, InterruptedException {
        if (!Files.isDirectory(root)) return;
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) TestSwarm.docker("stack", "rm", SwarmBackend.stackName(d.getFileName().toString()));
        }
    }
}
