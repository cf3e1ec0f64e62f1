package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.swarm.SwarmBackend;
import io.capstan.agent.swarm.SwarmEngine;
import io.capstan.protocol.Action;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backends release what they hold when the agent stops (item 4 of the agent's debts): an agent stopped and
 * started again in one JVM, as the console's own is, leaves no thread of its compose and swarm backends behind
 * (engine watchers, log followers, the container stats pool), no child process (the {@code docker events} and
 * {@code docker logs} it followed), and the swarm backend's engine clients closed. A census of threads made after the
 * test began, so other classes' threads in the same JVM do not count.
 */
@RequiresDockerEngine
class BackendsReleaseTest {
    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String SERVICE = """
            services:
              web:
                image: %s
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo web up; while true; do echo tick; sleep 1 & wait $$!; done"]
            """.formatted(TestEngine.BASE_IMAGE);

    @Test
    void anAgentStoppedTwiceLeavesNoBackendThreadProcessOrEngineClient(@TempDir Path tmp) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Set<Long> childrenBefore = children();
        List<SwarmEngine> engines = new ArrayList<>();
        String name = RealAgent.uniqueName("release");
        Path root = Files.createDirectories(tmp.resolve("deployments"));
        Files.createDirectories(root.resolve(name));
        Files.writeString(root.resolve(name).resolve("compose.yaml"), SERVICE);
        // A stack folder: the swarm backend opens it and watches the engine (not a swarm here; its watch still runs).
        Files.createDirectories(root.resolve("stack" + name));
        Files.writeString(root.resolve("stack" + name).resolve("docker-stack.yml"),
                "services:\n  web:\n    image: " + TestEngine.BASE_IMAGE + "\n");
        ComposeBackend compose = new ComposeBackend(TestEngine.cli());
        RealAgent agent = RealAgent.in(tmp).folders(root, tmp.resolve("state"))
                .backend(() -> {
                    SwarmEngine engine = new SwarmEngine(TestEngine.host());
                    engines.add(engine);
                    return SwarmBackend.owning(engine);
                })
                .backend(() -> compose)
                .config(b -> b.resourceInterval(Duration.ofMillis(500)).actionTimeout(Duration.ofSeconds(90)))
                .jobWait(Duration.ofSeconds(100)).start();
        try {
            for (int round = 0; round < 2; round++) {
                if (round > 0) agent.startAgain();
                await().atMost(SOON).until(() -> agent.find(name) != null && !agent.find(name).services().isEmpty());
                assertThat(agent.run(name, "web", Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);
                // Running and measured: the stats pool, the engine watch and the log follower all work now.
                await().atMost(SOON).until(() -> agent.service(name, "web").status() == ServiceStatus.RUNNING
                        && agent.service(name, "web").resources() != null);
                assertThat(backendThreads(before)).as("backend threads while it runs").isNotEmpty();
                agent.stop();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(backendThreads(before)).as("backend threads after the agent stopped").isEmpty());
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(children()).as("child processes after the agent stopped").isSubsetOf(childrenBefore));
                SwarmEngine engine = engines.get(engines.size() - 1);
                assertThat(engine.problem()).as("the swarm backend's engine client, closed with the agent")
                        .startsWith("container engine unavailable");
            }
        } finally {
            agent.close();
            TestEngine.compose(List.of("--ansi", "never", "-p", ProjectName.of(name), "--project-directory",
                    root.resolve(name).toString(), "-f", root.resolve(name).resolve("compose.yaml").toString(), "down", "-t", "1"));
        }
    }

    /** Live threads of the compose and swarm backends made since {@code before}. */
    private static List<String> backendThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !before.contains(t))
                .map(Thread::getName)
                .filter(n -> n.startsWith("capstan-stats") || n.startsWith("capstan-compose") || n.startsWith("capstan-swarm")
                        || n.startsWith("capstan-docker"))
                .toList();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
