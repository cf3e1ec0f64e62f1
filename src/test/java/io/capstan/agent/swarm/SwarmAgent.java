package io.capstan.agent.swarm;

import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.client.AgentClient;
import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The shared real agent ({@link RealAgent}) with the swarm backend, pointed at the test swarm, after the process one.
 * Stacks are written into the root; {@link #removeStacks} removes every stack the tests made from the swarm.
 */
final class SwarmAgent extends RealAgent {
    static final Duration JOB_WAIT = Duration.ofSeconds(110);

    final Agent agent;
    final AgentClient client;

    SwarmAgent(Path root, Path state) {
        this(root, state, TestSwarm.engine());
    }

    SwarmAgent(Path root, Path state, SwarmEngine engine) {
        this(root, state, engine, b -> b);
    }

    /** With more configuration ({@code tweak}) on top of the tests' usual timeouts. */
    SwarmAgent(Path root, Path state, SwarmEngine engine,
               java.util.function.UnaryOperator<io.capstan.agent.AgentConfig.Builder> tweak) {
        super(RealAgent.in(root.getParent()).folders(root, state).jobWait(JOB_WAIT)
                .backend(() -> new SwarmBackend(engine))
                .config(b -> tweak.apply(b.actionTimeout(Duration.ofSeconds(100)).cancelGrace(Duration.ofSeconds(5)))));
        agent = agent();
        client = client();
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

    /** Removes the stacks named like the deployments under {@code root} from the swarm. */
    static void removeStacks(Path root) throws IOException, InterruptedException {
        if (!Files.isDirectory(root)) return;
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) TestSwarm.docker("stack", "rm", SwarmBackend.stackName(d.getFileName().toString()));
        }
    }
}
