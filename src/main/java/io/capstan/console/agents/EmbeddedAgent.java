package io.capstan.console.agents;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.StateDirs;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.compose.ComposeBackend;
import io.capstan.agent.lifeline.Lifeline;
import io.capstan.agent.swarm.SwarmBackend;
import io.capstan.agent.process.DemoSet;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.agent.state.FolderInUseException;
import io.capstan.agent.state.FolderLock;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent the console starts for itself when no agent is configured: loopback only, a free port, the demo
 * deployments copied to the user's data folder on first run (edits there are kept), state in its own folder so it
 * never collides with a {@code capstan agent} the user runs beside it.
 *
 * <p>When a local agent already owns those folders ({@code capstan agent --demo}, or another console's embedded
 * agent) there is nothing to start: the console connects to that agent instead, with the address its lock file
 * names and the token from its token file, and closing the console leaves it running.
 *
 * <p>An agent it starts gets a {@link Lifeline}, which stops the demo services if the console dies without stopping
 * them (SIGKILL, the OOM killer, a crash): a force-quit console leaves nothing running.
 */
public final class EmbeddedAgent implements AutoCloseable {

    public static final String NAME = "This computer";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAgent.class);
    private static final Duration HOLDER_START_WAIT = Duration.ofSeconds(20);

    /** Null when the console connected to an agent that was already serving the folders. */
    private final Agent agent;
    /** The agent's state and deployment folders, which its lifeline is told; null when the agent is not ours. */
    private final Path state;
    private final Path deployments;
    /**
     * Started with the services, not with the agent: a JVM starting beside the console's first frame would take CPU
     * from it (decision record 53), and before the services start there is nothing to stop. Null until then, when
     * there is no agent of ours, or when it could not start. Held here for the agent's lifetime: the pipe's write end
     * closes itself once unreachable, which the lifeline would take for the console's death. Guarded by this.
     */
    private Lifeline lifeline;
    /** Set once the agent is stopped (guarded by this): no lifeline is started after that. */
    private boolean stopped;
    private final AgentEndpoint endpoint;
    /** Where the agent keeps its owner token in clear text; null when it has none (an operator-supplied token). */
    private final Path tokenFile;
    /**
     * Stops the agent, and so its demo services, when the JVM is told to end (SIGTERM at logout, a killed launcher)
     * without the window closing first; otherwise those services would outlive the console.
     */
    private final Thread onJvmExit;
    /** The Compose example being added to the demo folder, or done (nothing to add). */
    private CompletableFuture<List<Path>> composeDemo = CompletableFuture.completedFuture(List.of());

    private EmbeddedAgent(Agent agent, Path state, Path deployments) {
        this.agent = agent;
        this.state = state;
        this.deployments = deployments;
        this.endpoint = new AgentEndpoint(NAME, agent.baseUrl(), agent.token());
        this.tokenFile = agent.tokenFile();
        this.onJvmExit = new Thread(this::stop, "capstan-embedded-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(onJvmExit);
    }

    private EmbeddedAgent(AgentEndpoint existing, Path tokenFile) {
        this.agent = null;
        this.state = null;
        this.deployments = null;
        this.endpoint = existing;
        this.tokenFile = tokenFile;
        this.onJvmExit = null;
    }

    /** Starts over the demo set in the platform's folders. */
    public static EmbeddedAgent startDemo() throws IOException {
        return startDemo(StateDirs.demoDeployments(), StateDirs.base().resolve("embedded-agent"));
    }

    /**
     * Copies the demo set into {@code deployments} (keeping files already there) and starts over it, or connects to
     * the local agent that already serves it. The Compose example is added a moment later, only when a container
     * engine answers (so a machine without one still gets a demo that works): probing for it takes seconds on some
     * machines and must not delay the first deployments (issue 12).
     */
    public static EmbeddedAgent startDemo(Path deployments, Path state) throws IOException {
        return startDemo(deployments, state, ComposeBackend.detect());
    }

    /** As {@link #startDemo(Path, Path)}, with this compose backend (tests hand in one with their own CLI). */
    public static EmbeddedAgent startDemo(Path deployments, Path state, ComposeBackend compose) throws IOException {
        Files.createDirectories(deployments);
        EmbeddedAgent started = start(deployments, state, compose, folder -> DemoSet.copyTo(folder, false));
        if (started.owned()) {
            Agent serving = started.agent;
            started.composeDemo = DemoSet.addComposeLater(deployments, () -> compose.cli().engineAnswers(), serving::open);
        }
        return started;
    }

    /** Starts over {@code deployments}, keeping job history and the token under {@code state}. */
    public static EmbeddedAgent start(Path deployments, Path state) {
        return start(deployments, state, ComposeBackend.detect(), folder -> { });
    }

    private static EmbeddedAgent start(Path deployments, Path state, ComposeBackend compose,
            FolderCatalog.Preparation preparation) {
        AgentConfig config = AgentConfig.builder(state).bindHost("127.0.0.1").port(0).agentName(NAME).build();
        SwarmBackend swarm = SwarmBackend.detect();
        FolderInUseException refused = null;
        FolderLock.Holder holder = null;
        // A second try only after a holder that ended without ever serving: the lifeline of a console that was killed,
        // done stopping its services (or an agent that failed while starting). The folder is free now.
        for (int attempt = 0; attempt < 2 && (holder == null || holderEndedWithoutServing(holder)); attempt++) {
            try {
                Agent agent = Agent.startWithServicesHeld(config, FolderCatalog.factory(deployments,
                        List.of(new ProcessBackend(), swarm, compose), preparation));
                return new EmbeddedAgent(agent, state, deployments);
            } catch (FolderInUseException e) {
                refused = e;
                holder = awaitAddress(e);
            }
        }
        // No catalogue was made to close them: the backends made for it go now.
        swarm.close();
        compose.close();
        return new EmbeddedAgent(endpointOf(refused, holder), holder.tokenFile());
    }

    private static boolean holderEndedWithoutServing(FolderLock.Holder holder) {
        return holder.address() == null && holder.pid() >= 0
                && !ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The agent's lifeline, or null when it cannot start: the console works on, as before the lifeline was there. */
    private static Lifeline lifeline(Path state, Path deployments) {
        try {
            return Lifeline.start(state, deployments);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no lifeline for the local agent ({}): if the console is killed, its services run on until it"
                    + " starts again", e.toString());
            return null;
        }
    }

    /** The agent that holds the folder, once its lock file says where it listens, and if its token can be read. */
    private static AgentEndpoint endpointOf(FolderInUseException e, FolderLock.Holder holder) {
        if (holder.address() == null || holder.tokenFile() == null) throw e;
        try {
            String token = Files.readString(holder.tokenFile(), StandardCharsets.UTF_8).trim();
            LOG.info("{} is served by the agent at {} (pid {}); connecting to it", e.folder(), holder.address(), holder.pid());
            return new AgentEndpoint(NAME, holder.address(), token);
        } catch (IOException unreadable) {
            throw new IllegalStateException(e.getMessage() + "; its token file " + holder.tokenFile()
                    + " cannot be read: " + unreadable.getMessage(), e);
        }
    }

    /**
     * A holder that is itself starting (two consoles opened at once) writes its address once it listens: wait for
     * that, a bounded time, while its process lives. Runs on the console's background thread.
     */
    private static FolderLock.Holder awaitAddress(FolderInUseException e) {
        FolderLock.Holder holder = e.holder();
        long deadline = System.nanoTime() + HOLDER_START_WAIT.toNanos();
        while (holder.address() == null && System.nanoTime() < deadline
                && (holder.pid() < 0 || ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return holder;
            }
            holder = FolderLock.holderOf(e.folder());
        }
        return holder;
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The owner token as the agent's state folder has it now, or null when there is no file to read: after
     * {@code capstan agent token rotate owner} it differs from {@link #endpoint()}'s (see {@link TokenPickup}).
     * Blocking (a file read); call off the UI thread.
     */
    public String currentToken() {
        if (tokenFile == null) return null;
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            LOG.warn("could not read the local agent's token file {}: {}", tokenFile, e.toString());
            return null;
        }
    }

    /**
     * Starts the services marked {@code autostart}, held until now so that their JVMs do not compete with the
     * console's first fetch and frame (decision record 53). Idempotent; nothing to do for an agent this console did
     * not start.
     */
    public void startServices() {
        if (agent == null) return;
        synchronized (this) {
            if (stopped) return;
            if (lifeline == null) lifeline = lifeline(state, deployments);
        }
        agent.startServices();
    }

    /**
     * Asks the agent for its lists once, on the caller's thread (the console's background thread), and drops the
     * answers: the first request to a fresh JVM pays for loading and compiling the HTTP and JSON paths on both
     * sides, which the console's first fetch would otherwise wait for, with the window blank (issue 12). A failure
     * is left for the console's own connection to report.
     */
    public void prime() {
        try (AgentClient client = new AgentClient(endpoint)) {
            client.deployments();
            client.jobs(null, null, 1);
        } catch (RuntimeException e) {
            LOG.debug("priming the local agent failed: {}", e.toString());
        }
    }

    /** Completes with the Compose example's files once added (none when no engine answers). */
    public CompletableFuture<List<Path>> composeDemo() {
        return composeDemo.copy();
    }

    /** True when this console started the agent; false when it connected to one already running. */
    public boolean owned() {
        return agent != null;
    }

    @Override
    public void close() {
        if (agent == null) return;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(onJvmExit);
        } catch (IllegalStateException shuttingDown) {
            // Called from within JVM shutdown: the hook runs or has run, and Agent.close is idempotent.
        }
    }

    /** The agent's services stopped, the lifeline is told so: it then leaves without touching anything. */
    private void stop() {
        synchronized (this) {
            stopped = true;
        }
        agent.close();
        synchronized (this) {
            if (lifeline != null) lifeline.close();
        }
    }
}
