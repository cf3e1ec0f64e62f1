package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.logs.ServiceLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack with more services than the Engine API client's request pool has connections (decision record 75's
 * addendum): the agent follows every service's log and the stack's events on the engine, each holding a connection
 * for as long as it is open, and still reads the swarm's state, so a start and a restart of the whole stack converge
 * and end as jobs, and reads are answered meanwhile. Each service's log reaches a client on a stream of its own.
 */
@RequiresSwarm
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SwarmManyServicesTest {
    /** More than SwarmEngine's 16 request connections, with the stack's event stream on top. */
    static final int SERVICES = 20;
    /** Twenty services converging on a loaded 2-core machine: far more than one service's job needs. */
    private static final Duration JOB = Duration.ofMinutes(4);

    private Path root;
    private SwarmAgent agent;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        root = Files.createDirectories(tmp.resolve("deployments"));
        agent = new SwarmAgent(root, tmp.resolve("state"), TestSwarm.engine(), b -> b.actionTimeout(JOB));
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) agent.close();
        if (root != null) SwarmAgent.removeStacks(root);
    }

    static String stack() {
        StringBuilder out = new StringBuilder("version: \"3.8\"\nservices:\n");
        for (String s : names()) {
            out.append("""
                      %1$s:
                        image: capstan-test/busybox
                        command: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo %1$s up; while true; do sleep 5 & wait $$!; done"]
                        stop_grace_period: 2s
                        deploy:
                          replicas: 1
                          endpoint_mode: dnsrr
                          update_config: {parallelism: 0, delay: 0s, order: stop-first}
                    """.formatted(s));
        }
        return out.toString();
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= SERVICES; i++) names.add(String.format("s%02d", i));
        return names;
    }

    private Job run(String d, Action action) {
        Job job = agent.client.startDeploymentJob(d, action);
        Job end = await().atMost(JOB.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> agent.client.job(job.id()), j -> j.status() != JobStatus.QUEUED && j.status() != JobStatus.RUNNING);
        assertThat(end.status()).as("job %s: %s\n%s", end.id(), end.error(), String.join("\n", agent.output(end.id())))
                .isEqualTo(JobStatus.SUCCEEDED);
        return end;
    }

    @Test
    void everyServiceFollowedAndTheStackStillConvergesAndAnswers() throws Exception {
        String d = agent.stack("swmany", stack(), null);
        assertThat(agent.deployment(d).services()).extracting(Service::name).containsExactlyElementsOf(names());
        Map<String, List<Line>> logs = new ConcurrentHashMap<>();
        List<ServiceLogStream> streams = new ArrayList<>();
        try {
            for (String s : names()) {
                List<Line> lines = new CopyOnWriteArrayList<>();
                logs.put(s, lines);
                ServiceLogStream stream = new ServiceLogStream(agent.client, d, s, 1000, lines::add);
                streams.add(stream);
                stream.start();
            }
            run(d, Action.START);
            assertThat(agent.deployment(d).services()).as("every service running after the start")
                    .allMatch(s -> s.status() == ServiceStatus.RUNNING);
            for (String s : names()) {
                await().atMost(Duration.ofSeconds(60)).alias(s + "'s log")
                        .until(() -> logs.get(s).stream().anyMatch(l -> l.text().endsWith(s + " up")));
            }

            // The agent's engine streams (every service's log, the stack's events) are all open now; a restart of the
            // whole stack needs many reads of its state, each on the request pool.
            run(d, Action.RESTART);
            assertThat(agent.client.deployment(d).deployment().services()).as("reads answered, every service back")
                    .allMatch(s -> s.status() == ServiceStatus.RUNNING);
            for (String s : names()) {
                await().atMost(Duration.ofSeconds(60)).alias(s + "'s log after the restart")
                        .until(() -> logs.get(s).stream().filter(l -> l.text().endsWith(s + " up")).count() >= 2);
            }
            assertThat(agent.client.info().streams().serviceLogs()).as("every client stream still open")
                    .isGreaterThanOrEqualTo(SERVICES);
        } finally {
            streams.forEach(ServiceLogStream::close);
        }
    }
}
