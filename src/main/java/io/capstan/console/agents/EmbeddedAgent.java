package io.capstan.console.agents;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.StateDirs;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.compose.ComposeBackend;
import io.capstan.agent.process.DemoSet;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.client.AgentEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent the console starts for itself when no agent is configured: loopback only, a free port, the demo
 * deployments copied to the user's data folder on first run (edits there are kept), state in its own folder so it
 * never collides with a {@code capstan agent} the user runs beside it.
 */
public final class EmbeddedAgent implements AutoCloseable {

    public static final String NAME = "This computer";

    private final Agent agent;
    /**
     * Stops the agent, and so its demo services, when the JVM is told to end (SIGTERM at logout, a killed launcher)
     * without the window closing first; otherwise those services would outlive the console.
     */
    private final Thread onJvmExit;

    private EmbeddedAgent(Agent agent) {
        this.agent = agent;
        this.onJvmExit = new Thread(agent::close, "capstan-embedded-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(onJvmExit);
    }

    /** Starts over the demo set in the platform's folders. */
    public static EmbeddedAgent startDemo() throws IOException {
        return startDemo(StateDirs.demoDeployments(), StateDirs.base().resolve("embedded-agent"));
    }

    /**
     * Copies the demo set into {@code deployments} (keeping files already there; the compose example only when a
     * container engine answers, so a machine without one still gets a demo that works) and starts over it.
     */
    public static EmbeddedAgent startDemo(Path deployments, Path state) throws IOException {
        ComposeBackend compose = ComposeBackend.detect();
        DemoSet.copyTo(deployments, compose.cli().engineAnswers());
        return start(deployments, state, compose);
    }

    /** Starts over {@code deployments}, keeping job history and the token under {@code state}. */
    public static EmbeddedAgent start(Path deployments, Path state) {
        return start(deployments, state, ComposeBackend.detect());
    }

    private static EmbeddedAgent start(Path deployments, Path state, ComposeBackend compose) {
        AgentConfig config = AgentConfig.builder(state).bindHost("127.0.0.1").port(0).agentName(NAME).build();
        return new EmbeddedAgent(Agent.start(config,
                FolderCatalog.factory(deployments, List.of(new ProcessBackend(), compose))));
    }

    public AgentEndpoint endpoint() {
        return new AgentEndpoint(NAME, agent.baseUrl(), agent.token());
    }

    @Override
    public void close() {
        agent.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onJvmExit);
        } catch (IllegalStateException shuttingDown) {
            // Called from within JVM shutdown: the hook runs or has run, and Agent.close is idempotent.
        }
    }
}
