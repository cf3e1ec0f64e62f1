package io.capstan.client.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merged log of a real deployment (three real processes printing) through the fault proxy, cut at random bytes
 * and all at once several times: every service's lines arrive exactly once and in their numbers' order, and the
 * merged output is in time order across services.
 */
class DeploymentLogStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient direct;
    private AgentClient client;

    private record Seen(String service, Line line) {
    }

    private final List<Seen> merged = new CopyOnWriteArrayList<>();
    private final Map<String, List<Long>> seqs = new ConcurrentHashMap<>();

    @BeforeEach
    void startAgent() throws Exception {
        agent = RealAgent.in(tmp).deployment("shop", Demo.service("web", "--rate", "40").stopTimeout("3s"),
                Demo.service("api", "--rate", "25").stopTimeout("3s"), Demo.service("worker", "--rate", "10").stopTimeout("3s")).start();
        proxy = agent.proxy();
        direct = agent.client();
        client = agent.proxiedClient("lab");
        Job start = direct.startDeploymentJob("shop", Action.START);
        await().atMost(WAIT).until(() -> direct.job(start.id()).status().isTerminal());
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private DeploymentLogStream.Listener recorder() {
        return (service, line) -> {
            merged.add(new Seen(service, line));
            seqs.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>()).add(line.seq());
        };
    }

    private int count(String service) {
        return seqs.getOrDefault(service, List.of()).size();
    }

    @Test
    void cutsMidStreamLoseAndDoubleNothingPerServiceAndKeepTimeOrderAcrossThem() {
        Random random = new Random(15);
        AtomicInteger cutsLeft = new AtomicInteger(6);
        proxy.cutPolicy(() -> cutsLeft.getAndDecrement() > 0 ? 300 + random.nextInt(3_000) : -1);
        // A long window: the order assertion must hold on a loaded machine, where a replay may take a while.
        try (DeploymentLogStream stream = new DeploymentLogStream(client, "shop", 10_000, Duration.ofMillis(1_500),
                recorder(), AgentClient.HEARTBEAT_WINDOW, null, null)) {
            stream.follow(List.of("web", "api", "worker"));
            for (int round = 1; round <= 3; round++) {
                int target = 8 * round;
                await().atMost(WAIT).until(() -> count("worker") >= target && count("api") >= target);
                proxy.cutAll();
            }
            await().atMost(WAIT).until(() -> count("worker") >= 40 && count("web") >= 100);
            stream.flush();
        }

        assertThat(proxy.cuts()).isGreaterThanOrEqualTo(6);
        for (String service : List.of("web", "api", "worker")) {
            List<Long> got = new ArrayList<>(seqs.get(service));
            assertThat(got).as(service + ": every line once, in order, from the first")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
        }
        List<Long> times = merged.stream().map(s -> s.line().ts().toEpochMilli()).toList();
        assertThat(times).as("in time order across services").isSorted();
        assertThat(merged.stream().map(Seen::service).distinct()).containsExactlyInAnyOrder("web", "api", "worker");
    }

    @Test
    void aServiceAddedWhileFollowingIsFollowedAndARemovedOneStops() {
        List<String> events = new CopyOnWriteArrayList<>();
        DeploymentLogStream.Listener recorder = recorder();
        try (DeploymentLogStream stream = new DeploymentLogStream(client, "shop", 0, new DeploymentLogStream.Listener() {
            @Override
            public void onLine(String service, Line line) {
                recorder.onLine(service, line);
            }

            @Override
            public void onServiceAdded(String service, boolean again) {
                events.add("+" + service + (again ? " again" : ""));
            }

            @Override
            public void onServiceRemoved(String service) {
                events.add("-" + service);
            }
        })) {
            stream.follow(List.of("web"));
            await().atMost(WAIT).until(() -> count("web") >= 5);
            stream.follow(List.of("web", "worker"));
            await().atMost(WAIT).until(() -> count("worker") >= 3);
            stream.follow(List.of("worker"));
            // What web had queued in the merge still comes out; after that, nothing more from it.
            int workerAtRemoval = count("worker");
            await().atMost(WAIT).until(() -> count("worker") >= workerAtRemoval + 8);
            int webAfterRemoval = count("web");
            await().atMost(WAIT).until(() -> count("worker") >= workerAtRemoval + 16);
            assertThat(count("web")).as("a removed service's stream is closed").isEqualTo(webAfterRemoval);
            stream.follow(List.of("worker", "web"));
            await().atMost(WAIT).until(() -> count("web") >= webAfterRemoval + 5);
            assertThat(stream.services()).containsExactlyInAnyOrder("web", "worker");
        }
        assertThat(events).containsExactly("+web", "+worker", "-web", "+web again");
        List<Long> web = seqs.get("web");
        assertThat(web).as("web's lines never repeat, also after it came back").doesNotHaveDuplicates().isSorted();
    }
}
