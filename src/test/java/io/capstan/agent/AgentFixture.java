package io.capstan.agent;

import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real agent on an ephemeral port with a temporary state directory and a {@link TestCatalog}. */
final class AgentFixture implements AutoCloseable {
    final Agent agent;
    final TestCatalog catalog;
    final Client client;

    private AgentFixture(Agent agent, TestCatalog catalog) {
        this.agent = agent;
        this.catalog = catalog;
        this.client = new Client(agent.baseUrl(), agent.token());
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

    static Path tempState() {
        try {
            return Files.createTempDirectory("capstan-agent-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AgentFixture start(UnaryOperator<AgentConfig.Builder> tweak) {
        return start(tweak.apply(testConfig(tempState())).build());
    }

    static AgentFixture start(AgentConfig cfg) {
        TestCatalog[] holder = new TestCatalog[1];
        Agent a = Agent.start(cfg, contexts -> {
            holder[0] = new TestCatalog(contexts, List.of());
            return holder[0];
        });
        return new AgentFixture(a, holder[0]);
    }

    Client anonymous() {
        return new Client(agent.baseUrl(), null);
    }

    @Override
    public void close() {
        agent.close();
    }
}
