package io.capstan.agent.compose;

import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.client.AgentClient;
import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shared real agent ({@link RealAgent}) with the compose backend, pointed at the test engine, after the process
 * one. Writes compose projects into the root; {@link #close} stops the agent and removes every project it wrote from
 * the engine (containers, networks, built images).
 */
final class ComposeAgent extends RealAgent {
    static final Duration JOB_WAIT = Duration.ofSeconds(100);

    /** The test image: a build step printing {@value #BUILD_LINES} numbered lines, and shells that stop on SIGTERM. */
    static final int BUILD_LINES = 150;
    static final String DOCKERFILE = "FROM " + TestEngine.BASE_IMAGE + "\n"
            + "RUN i=0; while [ $i -lt " + BUILD_LINES + " ]; do i=$((i+1)); echo \"build line $i of " + BUILD_LINES + "\"; done\n";
    static final String TWO_SERVICES = """
            services:
              web:
                build: app
                network_mode: none
                stop_grace_period: 5s
                command: ["/bin/sh", "-c",
                  "trap 'echo web stopping; exit 0' TERM; echo web up; while true; do echo tick; sleep 1 & wait $$!; done"]
                healthcheck:
                  test: ["CMD", "/bin/true"]
                  interval: 1s
                  timeout: 2s
              worker:
                build: app
                network_mode: none
                stop_grace_period: 5s
                command: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo worker up; while true; do sleep 1 & wait $$!; done"]
            """;

    final Agent agent;
    final AgentClient client;
    private final List<String> projects = new ArrayList<>();

    ComposeAgent(Path tmp) throws IOException {
        this(tmp, new ComposeBackend(TestEngine.cli()));
    }

    ComposeAgent(Path tmp, ComposeBackend compose) throws IOException {
        this(tmp, compose, b -> b);
    }

    /** With more configuration ({@code tweak}) on top of the tests' usual timeouts. */
    ComposeAgent(Path tmp, ComposeBackend compose, java.util.function.UnaryOperator<io.capstan.agent.AgentConfig.Builder> tweak)
            throws IOException {
        super(RealAgent.in(tmp).backend(() -> compose).jobWait(JOB_WAIT)
                .config(b -> tweak.apply(b.actionTimeout(Duration.ofSeconds(90)).cancelGrace(Duration.ofSeconds(5)))));
        agent = agent();
        client = client();
    }


    /** Writes {@code compose.yaml} and {@code app/Dockerfile} and waits until the agent lists the deployment. */
    String project(String prefix, String compose, String dockerfile) throws IOException {
        String name = uniqueName(prefix);
        Path dir = Files.createDirectories(root.resolve(name).resolve("app"));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Files.writeString(root.resolve(name).resolve("compose.yaml"), compose);
        projects.add(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> find(name) != null && !find(name).services().isEmpty());
        return name;
    }

    /** A project written by hand, to be taken down with the others at {@link #close}. */
    void track(String name) {
        projects.add(name);
    }

    @Override
    public void close() {
        super.close();
        // In parallel: each is a Compose start-up and a few engine calls, mostly waiting.
        List<CompletableFuture<Void>> downs = new ArrayList<>();
        for (String name : projects) {
            Path dir = root.resolve(name);
            downs.add(CompletableFuture.runAsync(() -> {
                try {
                    TestEngine.compose(List.of("--ansi", "never", "-p", ProjectName.of(name), "--project-directory",
                            dir.toString(), "-f", dir.resolve("compose.yaml").toString(), "down", "--rmi", "local", "-t", "1"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            CompletableFuture.allOf(downs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("compose projects not removed: " + e, e);
        }
    }
}
