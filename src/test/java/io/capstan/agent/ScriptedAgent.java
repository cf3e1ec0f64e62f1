package io.capstan.agent;

import io.capstan.testing.RealAgent;
import io.capstan.testing.TempFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link RealAgent} over a {@link TestCatalog} of scripted runtimes: real processes and a real HTTP server, with
 * actions a test holds, fails or hangs at a chosen point, and deployments it adds and removes while the agent runs.
 * {@link #http} speaks raw HTTP to it (the agent tests check the wire, not the client library). Started in a temporary
 * folder of its own, which outlives it (a test may start another agent on the same state: a restart) until the test
 * JVM exits.
 */
final class ScriptedAgent extends RealAgent {
    final TestCatalog catalog;
    /** Raw HTTP with the agent's token. */
    final Client http;
    private ScriptedAgent(Builder b, TestCatalog[] holder) {
        super(b);
        this.catalog = holder[0];
        this.http = new Client(baseUrl(), token());
    }

    /** The agent tests' settings on an ephemeral port, {@code tweak} on top of them. */
    static ScriptedAgent start(UnaryOperator<AgentConfig.Builder> tweak) {
        Path tmp = tempState();
        return start(tmp, tweak.apply(testConfig(tmp.resolve("state"))).build());
    }

    /** These settings exactly (their state folder, their port): tests of the settings themselves. */
    static ScriptedAgent start(AgentConfig settings) {
        return start(tempState(), settings);
    }

    private static ScriptedAgent start(Path tmp, AgentConfig settings) {
        TestCatalog[] holder = new TestCatalog[1];
        Builder b = RealAgent.in(tmp).settings(settings).catalog(contexts -> {
            holder[0] = new TestCatalog(contexts, List.of());
            return holder[0];
        });
        return new ScriptedAgent(b, holder);
    }

    static AgentConfig.Builder testConfig(Path state) {
        return testSettings(AgentConfig.builder(state).port(0));
    }

    /** The agent tests' timings: quick pings (streams notice a gone client soon), a short cancel grace. */
    static AgentConfig.Builder testSettings(AgentConfig.Builder b) {
        return b.pingInterval(Duration.ofMillis(200)).cancelGrace(Duration.ofSeconds(2)).actionTimeout(Duration.ofSeconds(60));
    }

    /**
     * A real agent over a real catalogue of {@code root} (the process backend, services run this build's classes) with
     * the agent tests' timings; {@code tweak} adds settings (resource interval, retention) on top of them.
     */
    static RealAgent processAgent(Path root, Path state, UnaryOperator<AgentConfig.Builder> tweak) {
        return RealAgent.in(root.getParent()).folders(root, state).processBackend(RealAgent::quickProcessBackend)
                .config(b -> tweak.apply(testSettings(b))).start();
    }

    /** {@link #processAgent(Path, Path, UnaryOperator)} with the agent tests' timings alone. */
    static RealAgent processAgent(Path root, Path state) {
        return processAgent(root, state, b -> b);
    }

    /** A folder of its own, deleted when the test JVM exits (it outlives the agent: see the class comment). */
    static Path tempState() {
        return TempFolders.create("capstan-agent-test");
    }

    /** Raw HTTP without a token. */
    Client anonymous() {
        return new Client(baseUrl(), null);
    }
}
