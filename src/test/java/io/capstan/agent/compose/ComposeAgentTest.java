package io.capstan.agent.compose;

import static io.capstan.agent.compose.ComposeAgent.BUILD_LINES;
import static io.capstan.agent.compose.ComposeAgent.DOCKERFILE;
import static io.capstan.agent.compose.ComposeAgent.TWO_SERVICES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.HealthStatus;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose deployments through a real agent, against a real container engine, with projects of two services
 * built locally from the test base image. One agent for the class; each test has its own project.
 */
@RequiresDockerEngine
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeAgentTest {
    private static final Duration SOON = Duration.ofSeconds(30);

    private ComposeAgent agent;

    @BeforeAll
    void startAgent(@TempDir Path tmp) throws Exception {
        agent = new ComposeAgent(tmp);
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (agent != null) agent.close();
    }

    private static void succeeded(Job job) {
        assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isEqualTo(JobStatus.SUCCEEDED);
    }

    private long buildLines(Job job) {
        return agent.output(job.id()).stream().filter(l -> l.matches(".*build line \\d+ of " + BUILD_LINES + ".*")).count();
    }

    @Test
    void everyActionOnTheWholeProject() throws Exception {
        String d = agent.project("whole", TWO_SERVICES, DOCKERFILE);
        assertThat(agent.deployment(d).backend()).isEqualTo("compose");
        assertThat(agent.deployment(d).services()).extracting(Service::name).containsExactly("web", "worker");
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.STOPPED);

        Job start = agent.run(d, null, Action.START);
        succeeded(start);
        assertThat(agent.output(start.id())).anyMatch(l -> l.contains(" up -d"));
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.RUNNING);
        String web = agent.service(d, "web").container();
        String worker = agent.service(d, "worker").container();
        assertThat(web).isNotBlank().isNotEqualTo(worker);
        // The health check is the engine's: the service shows it once it has run.
        await().atMost(SOON).until(() -> agent.service(d, "web").health() == HealthStatus.HEALTHY);
        assertThat(agent.service(d, "worker").health()).isNull();

        Job restart = agent.run(d, null, Action.RESTART);
        succeeded(restart);
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(agent.service(d, "web").container()).as("restart keeps the containers").isEqualTo(web);
        assertThat(agent.service(d, "worker").container()).isEqualTo(worker);

        Job stop = agent.run(d, null, Action.STOP);
        succeeded(stop);
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(agent.deployment(d).services()).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(ServiceStatus.STOPPED);
            assertThat(s.exitCode()).isNull();
        });

        Job rebuild = agent.run(d, null, Action.REBUILD);
        succeeded(rebuild);
        // Both images built again from scratch, every line of both builds in the job, in order.
        assertThat(buildLines(rebuild)).isEqualTo(2L * BUILD_LINES);
        assertThat(agent.output(rebuild.id())).containsSubsequence("build line 1 of 150", "build line 75 of 150",
                "build line 150 of 150");
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(agent.service(d, "web").container()).as("rebuild recreates").isNotEqualTo(web);
        assertThat(agent.service(d, "worker").container()).isNotEqualTo(worker);
    }

    @Test
    void everyActionOnOneServiceLeavesTheOtherAlone() throws Exception {
        String d = agent.project("one", TWO_SERVICES, DOCKERFILE);

        succeeded(agent.run(d, "web", Action.START));
        assertThat(agent.service(d, "web").status()).isIn(ServiceStatus.RUNNING, ServiceStatus.STARTING);
        assertThat(agent.service(d, "worker").status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(agent.service(d, "worker").container()).isNull();
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.PARTIAL);
        String web = agent.service(d, "web").container();

        succeeded(agent.run(d, "web", Action.RESTART));
        assertThat(agent.service(d, "web").container()).isEqualTo(web);
        assertThat(agent.service(d, "worker").container()).isNull();

        Job rebuild = agent.run(d, "web", Action.REBUILD);
        succeeded(rebuild);
        assertThat(buildLines(rebuild)).as("only web's image is built").isEqualTo(BUILD_LINES);
        assertThat(agent.service(d, "web").container()).isNotEqualTo(web);
        assertThat(agent.service(d, "web").status()).isIn(ServiceStatus.RUNNING, ServiceStatus.STARTING);
        assertThat(agent.service(d, "worker").container()).isNull();

        succeeded(agent.run(d, "worker", Action.START));
        succeeded(agent.run(d, "web", Action.STOP));
        assertThat(agent.service(d, "web").status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(agent.service(d, "worker").status()).isEqualTo(ServiceStatus.RUNNING);
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.PARTIAL);
    }

    @Test
    void aContainerStoppedOutsideTheAgentShowsUpAsAnEvent() throws Exception {
        String d = agent.project("outside", TWO_SERVICES, DOCKERFILE);
        succeeded(agent.run(d, null, Action.START));
        String web = agent.service(d, "web").container();
        int jobsBefore = agent.client.jobs(d, null, null).size();
        List<Messages.DeploymentEvent> events = new CopyOnWriteArrayList<>();
        try (EventSubscription sub = new EventSubscription(agent.client, new EventSubscription.Listener() {
            @Override
            public void onDeployment(Messages.DeploymentEvent event) {
                if (event.deployment().name().equals(d)) events.add(event);
            }
        })) {
            sub.start();
            await().atMost(SOON).until(() -> sub.state() instanceof io.capstan.client.sse.StreamState.Live);

            CliCommand.Result stop = TestEngine.docker("stop", "-t", "5", web);
            assertThat(stop.ok()).as(stop.stderr()).isTrue();

            // Within seconds, pushed: no poll by this client, no job by the agent.
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.deployment().services()
                    .stream().anyMatch(s -> s.name().equals("web") && s.status() == ServiceStatus.STOPPED)));
        }
        assertThat(agent.deployment(d).status()).isEqualTo(DeploymentStatus.PARTIAL);
        assertThat(agent.client.jobs(d, null, null)).hasSize(jobsBefore);

        CliCommand.Result start = TestEngine.docker("start", web);
        assertThat(start.ok()).as(start.stderr()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.service(d, "web").status() != ServiceStatus.STOPPED);
    }

    @Test
    void aFailingBuildIsAFailedJobWithItsOutput() throws Exception {
        String failing = "FROM " + TestEngine.BASE_IMAGE + "\n"
                + "RUN echo about to fail; for i in 1 2 3; do echo \"line $i\"; done; echo oops >&2; exit 3\n";
        String d = agent.project("broken", TWO_SERVICES, failing);

        Job rebuild = agent.run(d, "web", Action.REBUILD);
        assertThat(rebuild.status()).isEqualTo(JobStatus.FAILED);
        assertThat(rebuild.exitCode()).isNotNull().isNotZero();
        assertThat(rebuild.error()).contains("build failed with exit code");
        List<String> out = agent.output(rebuild.id());
        assertThat(out).containsSubsequence("about to fail", "line 1", "line 2", "line 3");
        assertThat(out).anyMatch(l -> l.contains("oops"));
        assertThat(out).anyMatch(l -> l.contains("returned a non-zero code: 3") || l.contains("exit code: 3"));
        // Nothing was started with a half-built image.
        assertThat(agent.service(d, "web").container()).isNull();
    }

    @Test
    void aServicesLogIsItsContainersLogFollowedAcrossARestart() throws Exception {
        String d = agent.project("logs", TWO_SERVICES, DOCKERFILE);
        succeeded(agent.run(d, "web", Action.START));
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (ServiceLogStream log = new ServiceLogStream(agent.client, d, "web", 1000, lines::add)) {
            log.start();
            await().atMost(SOON).until(() -> texts(lines).contains("web up") && texts(lines).contains("tick"));
            assertThat(lines).anyMatch(l -> l.stream() == LineStream.SYSTEM && l.text().endsWith(" started"));

            succeeded(agent.run(d, "web", Action.RESTART));
            await().atMost(SOON).until(() -> texts(lines).stream().filter("web up"::equals).count() == 2);
            assertThat(texts(lines)).containsSubsequence("web up", "tick", "web stopping", "web up");
            assertThat(texts(lines).stream().filter("web stopping"::equals).count()).as("no line twice").isEqualTo(1);
            assertThat(lines).anyMatch(l -> l.stream() == LineStream.SYSTEM && l.text().contains("exited with code 0"));
        }
    }

    @Test
    void cancelingABuildKillsComposeAndEndsTheJobCanceled() throws Exception {
        String slow = "FROM " + TestEngine.BASE_IMAGE + "\nRUN echo slow build starting; sleep 60; echo never\n";
        String d = agent.project("cancel", TWO_SERVICES, slow);
        Job job = agent.client.startServiceJob(d, "web", Action.REBUILD);
        await().atMost(SOON).until(() -> agent.output(job.id()).contains("slow build starting"));

        long started = System.nanoTime();
        agent.client.cancel(job.id());
        Job ended = agent.awaitEnd(job.id());
        assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(agent.output(job.id())).anyMatch(l -> l.startsWith("canceled; killed "));
        assertThat(ProcessHandle.current().descendants().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> (c.contains("docker-compose") || c.contains("docker compose")) && c.contains(d))).isEmpty();
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }
}
