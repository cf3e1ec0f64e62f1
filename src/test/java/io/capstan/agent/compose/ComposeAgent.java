package io.capstan.agent.compose;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real agent over a temporary root with both backends, the compose one pointed at the test engine, and a real
 * client. Writes compose projects into the root; {@link #close} stops the agent and removes every project it
 * wrote from the engine (containers, networks, built images).
 */
final class ComposeAgent implements AutoCloseable {
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

    final Path root;
    final Agent agent;
    final AgentClient client;
    private final List<String> projects = new ArrayList<>();

    ComposeAgent(Path tmp) throws IOException {
        this(tmp, new ComposeBackend(TestEngine.cli()));
    }

    ComposeAgent(Path tmp, ComposeBackend compose) throws IOException {
        root = Files.createDirectories(tmp.resolve("deployments"));
        agent = Agent.start(AgentConfig.builder(tmp.resolve("state")).port(0).actionTimeout(Duration.ofSeconds(90))
                .cancelGrace(Duration.ofSeconds(5)).build(),
                FolderCatalog.factory(root, List.of(new ProcessBackend(), compose)));
        client = new AgentClient(new AgentEndpoint("test", agent.baseUrl(), agent.token()));
    }

    /** A unique deployment name, so runs never meet an earlier run's containers on a shared engine. */
    static String uniqueName(String prefix) {
        return prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
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

    Deployment find(String name) {
        return client.deployments().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    Deployment deployment(String name) {
        return client.deployment(name).deployment();
    }

    Service service(String deployment, String service) {
        return deployment(deployment).services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    }

    /** Starts the action and waits for the job to end. */
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
    public void close() throws Exception {
        client.close();
        agent.close();
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
        CompletableFuture.allOf(downs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
}
