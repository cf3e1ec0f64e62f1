package io.capstan.console.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.auth.TokenFile;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.logs.JobLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.RecordedLog;
import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.UiThread;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan agent token rotate owner} while the console follows its own agent: the agent ends the console's
 * streams (the old token is refused), and the console reads the new token from the state folder and is live again,
 * instead of staying locked out of the agent it started. A token revoked with no new one in the file stays refused.
 */
class TokenPickupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    /** One thread stands in for the FX thread: every property change and listener runs on it, in order. */
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final UiThread ui = new UiThread() {
        @Override
        public void run(Runnable work) {
            uiThread.execute(work);
        }

        @Override
        public boolean isCurrent() {
            return Thread.currentThread().getName().equals("test-ui");
        }
    };
    private Fleet fleet;
    private EmbeddedAgent agent;

    @AfterEach
    void close() throws Exception {
        if (fleet != null) {
            onUi(() -> {
                fleet.close();
                return null;
            });
        }
        if (agent != null) agent.close();
        uiThread.shutdownNow();
    }

    @Test
    void aRotatedOwnerTokenIsReadFromTheStateFolderAndTheConsoleIsLiveAgain() throws Exception {
        Path state = tmp.resolve("state");
        // The console's own embedded agent, not RealAgent: its token pickup from the state folder is what is tested.
        agent = EmbeddedAgent.start(Files.createDirectories(tmp.resolve("deployments")), state);
        fleet = new Fleet(ui, new SavedConnections(tmp.resolve("config").resolve("connections.json")));
        AgentConnection first = onUi(() -> {
            AgentConnection c = fleet.addEmbedded(agent.endpoint());
            TokenPickup.watch(fleet, c, agent::currentToken, new DirectBackground());
            return c;
        });
        await().atMost(WAIT).until(() -> onUi(() -> first.stateProperty().get()) instanceof StreamState.Live);

        String fresh = new TokenFile(state).rotate(TokenFile.OWNER);

        // The same connection takes the new token (decision record 133), so its panes' streams resume where they stopped.
        await().atMost(WAIT).until(() -> onUi(() -> fresh.equals(fleet.agents().get(0).endpoint().token())
                && fleet.agents().get(0).stateProperty().get() instanceof StreamState.Live));
        AgentConnection now = onUi(() -> fleet.agents().get(0));
        assertThat(now).isSameAs(first);
        assertThat(now.client().endpoint().token()).as("the calls carry it too").isEqualTo(fresh);
        assertThat(now.embedded()).isTrue();
        assertThat(now.name()).isEqualTo(EmbeddedAgent.NAME);
        assertThat(onUi(() -> fleet.agents().size())).isEqualTo(1);
        assertThat(tmp.resolve("config").resolve("connections.json")).as("the local agent is never saved").doesNotExist();

        // Rotated again: the replacement is watched too.
        String third = new TokenFile(state).rotate(TokenFile.OWNER);
        await().atMost(WAIT).until(() -> onUi(() -> fleet.agents().get(0).endpoint().token().equals(third)
                && fleet.agents().get(0).stateProperty().get() instanceof StreamState.Live));
    }

    @Test
    void aRefusedTokenWithNothingNewInTheFileStaysRefused() throws Exception {
        Path state = tmp.resolve("state");
        agent = EmbeddedAgent.start(Files.createDirectories(tmp.resolve("deployments")), state);
        fleet = new Fleet(ui, new SavedConnections(tmp.resolve("config").resolve("connections.json")));
        String ci = new TokenFile(state).add("ci");
        AgentConnection first = onUi(() -> {
            AgentConnection c = fleet.addEmbedded(new AgentEndpoint(EmbeddedAgent.NAME, agent.endpoint().baseUrl(), ci));
            // The file still holds the token the connection has: nothing to renew with.
            TokenPickup.watch(fleet, c, () -> ci, new DirectBackground());
            return c;
        });
        await().atMost(WAIT).until(() -> onUi(() -> first.stateProperty().get()) instanceof StreamState.Live);

        new TokenFile(state).revoke("ci");

        await().atMost(WAIT).until(() -> onUi(() -> first.stateProperty().get()) instanceof StreamState.Stopped s
                && s.reason() == StreamState.StopReason.REVOKED);
        assertThat(onUi(() -> fleet.agents())).containsExactly(first);
    }

    /**
     * The event stream is refused when the file has nothing new yet; later a job's log, opened on the same connection,
     * is refused too, and by then the file has a token: that refusal, not only the event stream's, leads to the pickup,
     * and everything resumes with it.
     */
    @Test
    void aLogStreamsRefusalAlsoLooksForANewTokenAndEverythingResumes() throws Exception {
        Path state = tmp.resolve("state");
        Path deployments = Files.createDirectories(tmp.resolve("deployments").resolve("app"));
        Files.writeString(deployments.resolve("capstan.yaml"), """
                services:
                  web:
                    command: ["sleep", "60"]
                """);
        agent = EmbeddedAgent.start(deployments.getParent(), state);
        fleet = new Fleet(ui, new SavedConnections(tmp.resolve("config").resolve("connections.json")));
        TokenFile tokens = new TokenFile(state);
        String ci = tokens.add("ci");
        AtomicReference<String> file = new AtomicReference<>(ci);
        AgentConnection connection = onUi(() -> {
            AgentConnection c = fleet.addEmbedded(new AgentEndpoint(EmbeddedAgent.NAME, agent.endpoint().baseUrl(), ci));
            TokenPickup.watch(fleet, c, file::get, new DirectBackground());
            return c;
        });
        await().atMost(WAIT).until(() -> onUi(() -> connection.stateProperty().get()) instanceof StreamState.Live);
        Job job = connection.client().startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> connection.client().job(job.id()).status().isTerminal());

        tokens.revoke("ci");
        await().atMost(WAIT).until(() -> onUi(() -> connection.tokenRefusalsProperty().get()) == 1
                && onUi(() -> connection.stateProperty().get()) instanceof StreamState.Stopped);
        String fresh = tokens.add("ci-again");
        file.set(fresh);
        RecordedLog recorded = new RecordedLog();
        List<Line> lines = recorded.lines;
        List<StreamState> logStates = recorded.states;
        try (JobLogStream log = new JobLogStream(connection.client(), job.id(), recorded)) {
            log.start();

            await().atMost(WAIT).until(() -> onUi(() -> fresh.equals(connection.endpoint().token())
                    && connection.stateProperty().get() instanceof StreamState.Live));
            await().atMost(WAIT).until(() -> !logStates.isEmpty() && logStates.get(logStates.size() - 1)
                    instanceof StreamState.Stopped s && s.reason() == StreamState.StopReason.ENDED);
            assertThat(logStates).as("the log was refused first, then resumed by the pickup").anyMatch(
                    s -> s instanceof StreamState.Stopped stopped && stopped.refused());
            assertThat(lines).extracting(Line::seq).as("the job's whole output, once")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, connection.client().job(job.id()).lines())
                            .boxed().toList());
            assertThat(onUi(() -> fleet.agents())).containsExactly(connection);
        }
    }

    private <T> T onUi(Callable<T> work) throws Exception {
        return uiThread.submit(work).get();
    }
}
