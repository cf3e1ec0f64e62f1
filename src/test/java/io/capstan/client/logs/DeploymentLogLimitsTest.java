package io.capstan.client.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment with more services than one merged log follows, and more than the agent has streams for (the same
 * shape as 300 services, or five panes of 60, against the agent's 256, at a size a test can afford): the services past
 * the pane's limit are named, never a silent hole; the streams the agent turns away say why while they wait.
 */
class DeploymentLogLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int SERVICES = 12;
    private static final int AGENT_STREAMS = 6;

    @TempDir
    Path tmp;
    private RealAgent agent;
    private AgentClient client;
    private final List<String> names = IntStream.rangeClosed(1, SERVICES).mapToObj(i -> String.format("s%02d", i)).toList();

    @BeforeEach
    void start() {
        StringBuilder yaml = new StringBuilder("services:\n");
        // Never started: a service's log stream is served whether it runs or not, and twelve JVMs would only cost time.
        names.forEach(n -> yaml.append("  ").append(n).append(":\n    command: [\"${java}\", \"-version\"]\n"));
        agent = RealAgent.in(tmp).deployment("big", yaml.toString()).config(c -> c.maxStreams(AGENT_STREAMS)).start();
        client = agent.client();
    }

    @AfterEach
    void stop() {
        client.close();
        agent.close();
    }

    @Test
    void servicesPastThePanesLimitAreNamedAndTheRestFollowed() {
        Recorder recorder = new Recorder();
        try (DeploymentLogStream stream = new DeploymentLogStream(client, "big", 10, DeploymentLogStream.WINDOW, recorder,
                AgentClient.HEARTBEAT_WINDOW, null, null, 4)) {
            stream.follow(names);
            await().atMost(WAIT).until(() -> recorder.live().size() == 4);
            assertThat(recorder.live()).containsExactlyInAnyOrder("s01", "s02", "s03", "s04");
            assertThat(recorder.notFollowed).containsExactly(names.subList(4, SERVICES));
            assertThat(stream.notFollowed()).isEqualTo(names.subList(4, SERVICES));
            assertThat(agent.agent().openStreams()).isEqualTo(4);

            // The same list again says nothing new; one service fewer lets the next one in, and says so.
            stream.follow(names);
            assertThat(recorder.notFollowed).hasSize(1);
            stream.follow(names.subList(1, SERVICES));
            await().atMost(WAIT).until(() -> recorder.live().contains("s05"));
            assertThat(recorder.notFollowed).hasSize(2);
            assertThat(recorder.notFollowed.get(1)).containsExactlyElementsOf(names.subList(5, SERVICES));
        }
        await().atMost(WAIT).until(() -> agent.agent().openStreams() == 0);
    }

    @Test
    void streamsTheAgentHasNoRoomForWaitWithItsReasonNotSilently() {
        Recorder recorder = new Recorder();
        try (DeploymentLogStream stream = new DeploymentLogStream(client, "big", 10, DeploymentLogStream.WINDOW, recorder,
                AgentClient.HEARTBEAT_WINDOW, null, null, SERVICES)) {
            stream.follow(names);
            await().atMost(WAIT).until(() -> recorder.live().size() == AGENT_STREAMS
                    && recorder.waiting().size() == SERVICES - AGENT_STREAMS);
            assertThat(recorder.notFollowed).isEmpty();
            for (String service : recorder.waiting()) {
                StreamState.WaitingToRetry w = (StreamState.WaitingToRetry) recorder.states.get(service);
                assertThat(w.cause()).isEqualTo("HTTP 503: too many open streams (" + AGENT_STREAMS + ")");
            }
        }
    }

    /** What the merged stream reported, per service. */
    private static final class Recorder implements DeploymentLogStream.Listener {
        final Map<String, StreamState> states = new ConcurrentHashMap<>();
        final List<List<String>> notFollowed = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(String service, Line line) {
        }

        @Override
        public void onState(String service, StreamState state) {
            states.put(service, state);
        }

        @Override
        public void onNotFollowed(List<String> left, int limit) {
            notFollowed.add(left);
        }

        List<String> live() {
            return states.entrySet().stream().filter(e -> e.getValue() instanceof StreamState.Live).map(Map.Entry::getKey).toList();
        }

        List<String> waiting() {
            return states.entrySet().stream().filter(e -> e.getValue() instanceof StreamState.WaitingToRetry)
                    .map(Map.Entry::getKey).toList();
        }
    }
}
