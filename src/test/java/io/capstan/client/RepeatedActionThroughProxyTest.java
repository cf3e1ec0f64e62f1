package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action whose answer is lost to a dropped connection, through a proxy that cuts it after the request went on to a
 * real agent: the client sends it again with the same key and gets the job the first one started; the action runs
 * once. When no try gets an answer, the error says whether the request may have arrived. Failure rows 295 and 299.
 */
class RepeatedActionThroughProxyTest {
    @TempDir
    Path tmp;
    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient client;

    @BeforeEach
    void start() {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("web")).quick().start();
        proxy = agent.proxy();
        client = agent.proxiedClient("lab");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aRestartWhoseAnswerIsLostRestartsOnceAndReturnsItsJob() {
        AtomicInteger connections = new AtomicInteger();
        // The first connection carries the request to the agent and is cut before a byte of the answer comes back.
        proxy.cutPolicy(() -> connections.getAndIncrement() == 0 ? 0 : -1);

        Job job = client.startServiceJob("app", "web", Action.RESTART);

        assertThat(proxy.cuts()).as("the first answer was lost").isEqualTo(1);
        assertThat(agent.client().jobs("app", "web", 10)).extracting(Job::id).containsExactly(job.id());
        assertThat(job.action()).isEqualTo(Action.RESTART);
    }

    @Test
    void whenEveryAnswerIsLostTheErrorSaysTheActionMayHaveStartedAndItStartedOnce() {
        proxy.cutPolicy(() -> 0);

        assertThatThrownBy(() -> client.startDeploymentJob("app", Action.RESTART))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("may have reached the agent")
                .satisfies(e -> assertThat(((UnavailableException) e).requestMayHaveArrived()).isTrue());

        assertThat(proxy.cuts()).as("the first try and four more").isEqualTo(5);
        assertThat(agent.client().jobs("app", null, 10)).as("five tries, one job").hasSize(1);
    }

    @Test
    void aRefusedConnectionCarriedNothingAndSaysNothingOfAnAction() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AgentClient nowhere = new AgentClient(new AgentEndpoint("gone", "http://127.0.0.1:" + closedPort, agent.token()));

        assertThatThrownBy(() -> nowhere.startServiceJob("app", "web", Action.STOP))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("not reachable")
                .hasMessageNotContaining("may have reached")
                .satisfies(e -> assertThat(((UnavailableException) e).requestMayHaveArrived()).isFalse());
    }

    @Test
    void aRefusedRetryAfterALostAnswerStillSaysTheActionMayHaveStarted() throws Exception {
        // An agent that takes the request and dies before it answers: the first try may have arrived, the second finds
        // the port closed. The error must not read as if nothing had been sent.
        java.util.List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.net.ServerSocket dying = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread agentThatDies = new Thread(() -> {
            try (dying; java.net.Socket socket = dying.accept()) {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.regionMatches(true, 0, "Idempotency-Key:", 0, 16)) keys.add(line.substring(16).strip());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        agentThatDies.start();
        AgentClient client = new AgentClient(new AgentEndpoint("dying", "http://127.0.0.1:" + dying.getLocalPort(), agent.token()));

        assertThatThrownBy(() -> client.startServiceJob("app", "web", Action.RESTART))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("may have reached the agent")
                .satisfies(e -> assertThat(((UnavailableException) e).requestMayHaveArrived()).isTrue());
        agentThatDies.join();
        assertThat(keys).singleElement().asString().matches("\"[0-9a-f-]{36}\"");
    }

    @Test
    void aTargetHeldByAnotherJobIsAnAnswerNotARetry() {
        Job first = agent.client().startDeploymentJob("app", Action.RESTART);
        int before = proxy.connectionsAccepted();
        try {
            client.startServiceJob("app", "web", Action.STOP);
        } catch (BusyException e) {
            assertThat(e.holderJobId()).isEqualTo(first.id());
        }
        assertThat(proxy.connectionsAccepted() - before).as("one request, not five").isLessThanOrEqualTo(1);
    }
}
