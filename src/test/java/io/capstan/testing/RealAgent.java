package io.capstan.testing;

import static org.awaitility.Awaitility.await;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.auth.TokenFile;
import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.CatalogFactory;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one real agent of the tests that talk to an agent from outside (client, CLI, console, the container backends):
 * a deployment root and a state folder under the test's temporary folder, an ephemeral port, the process backend
 * (placeholders {@code ${java}} and {@code ${classpath}}) plus any other backends, and a direct {@link AgentClient}.
 * It can be stopped and started again on the same port and state (the same token), as after an upgrade or a crash.
 * Closing closes the client and the agent, which stops the services it started.
 */
public class RealAgent implements AutoCloseable {
    public final Path root;
    public final Path state;
    private final UnaryOperator<AgentConfig.Builder> config;
    private final List<Supplier<Backend>> backends;
    private final Duration jobWait;
    private final CatalogFactory catalog;
    private final AgentConfig exactly;
    private volatile Agent agent;
    private final AgentClient client;
    /** Made by the first {@link #proxy()}; closed with this fixture, before the agent. */
    private FaultProxy proxy;
    private final List<AgentClient> proxiedClients = new ArrayList<>();
    private int port;
    /** Between a start and a stop or close: the one state in which the agent is closed by either. */
    private boolean running;
    /** Closed for good: nothing starts it again, and closing again does nothing. */
    private boolean closed;

    /** Describes the agent to start; {@link #start()} starts it. */
    public static final class Builder {
        private final Path tmp;
        private Path root;
        private Path state;
        private final List<String[]> deployments = new ArrayList<>();
        private UnaryOperator<AgentConfig.Builder> config = b -> b;
        private final List<Supplier<Backend>> backends = new ArrayList<>();
        private Duration jobWait = Duration.ofSeconds(60);
        private CatalogFactory catalog;
        private AgentConfig exactly;

        private Builder(Path tmp) {
            this.tmp = tmp;
            backends.add(ProcessBackend::new);
        }

        /** {@code capstan.yaml} of a process deployment, written before the agent starts. */
        public Builder deployment(String name, String capstanYaml) {
            deployments.add(new String[] {name, capstanYaml});
            return this;
        }

        /** A deployment of demo services, each a real process ({@link Demo}). */
        public Builder deployment(String name, Demo... services) {
            return deployment(name, Demo.deployment(services));
        }

        /** The process backend with a short start grace ({@link #quickProcessBackend}). */
        public Builder quick() {
            return processBackend(RealAgent::quickProcessBackend);
        }

        /** Settings beyond an ephemeral port (ping interval, timeouts, a port, TLS). */
        public Builder config(UnaryOperator<AgentConfig.Builder> tweak) {
            this.config = tweak;
            return this;
        }

        /** The process backend made otherwise (other placeholders, a shorter start grace); made afresh for every start. */
        public Builder processBackend(Supplier<Backend> backend) {
            backends.set(0, backend);
            return this;
        }

        /** Another backend after the process one (made afresh for every start). */
        public Builder backend(Supplier<Backend> backend) {
            backends.add(backend);
            return this;
        }

        /** Other folders than {@code tmp/deployments} and {@code tmp/state}. */
        public Builder folders(Path root, Path state) {
            this.root = root;
            this.state = state;
            return this;
        }

        /**
         * A catalogue of the test's own instead of the deployment folder's (the agent tests' scripted runtimes, which
         * hold a job at a chosen point); the backends are then unused.
         */
        public Builder catalog(CatalogFactory factory) {
            this.catalog = factory;
            return this;
        }

        /**
         * These settings exactly, their state folder and port included, instead of an ephemeral port over
         * {@code tmp/state} (tests of the settings themselves: TLS, bind addresses, a state folder two agents share).
         */
        public Builder settings(AgentConfig config) {
            this.exactly = config;
            return this;
        }

        /** How long {@link RealAgent#awaitEnd} waits for a job (60 s). */
        public Builder jobWait(Duration wait) {
            this.jobWait = wait;
            return this;
        }

        public RealAgent start() {
            return new RealAgent(this);
        }
    }

    /** An agent with its folders under {@code tmp}. */
    public static Builder in(Path tmp) {
        return new Builder(tmp);
    }

    /** Made by {@link Builder#start()}, or by a fixture that builds on this one (ComposeAgent, SwarmAgent). */
    protected RealAgent(Builder b) {
        try {
            this.root = Files.createDirectories(b.root != null ? b.root : b.tmp.resolve("deployments"));
            for (String[] d : b.deployments) {
                Files.writeString(Files.createDirectories(root.resolve(d[0])).resolve("capstan.yaml"), d[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.state = b.exactly != null ? b.exactly.stateDir() : b.state != null ? b.state : b.tmp.resolve("state");
        this.config = b.config;
        this.backends = List.copyOf(b.backends);
        this.jobWait = b.jobWait;
        this.catalog = b.catalog;
        this.exactly = b.exactly;
        startAgain();
        this.client = new AgentClient(new AgentEndpoint("direct", agent.baseUrl(), agent.token()));
    }

    public Agent agent() {
        return agent;
    }

    public int port() {
        return agent.port();
    }

    public String baseUrl() {
        return agent.baseUrl();
    }

    public String token() {
        return agent.token();
    }

    /** The certificate the agent serves now (null without TLS): a changed file is picked up while it runs. */
    public Messages.Tls tls() {
        return agent.tls();
    }

    /** A client straight to the agent (no proxy), closed with this fixture. */
    public AgentClient client() {
        return client;
    }

    /**
     * A fault-injecting proxy in front of the agent (made by the first call, the same one after), closed with this
     * fixture. It follows the agent across {@link #stop} and {@link #startAgain}: the port stays.
     */
    public synchronized FaultProxy proxy() {
        if (proxy == null) {
            try {
                proxy = new FaultProxy(port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return proxy;
    }

    /** A client through {@link #proxy()} with the owner's token, as an endpoint named {@code name}; closed with this fixture. */
    public synchronized AgentClient proxiedClient(String name) {
        AgentClient proxied = new AgentClient(new AgentEndpoint(name, proxy().url(), token()));
        proxiedClients.add(proxied);
        return proxied;
    }

    /** The agent's token file: named tokens added and revoked while it runs, as {@code capstan agent token} does. */
    public TokenFile tokens() {
        return new TokenFile(agent.stateDir());
    }

    /** Stops the agent and its processes, as a crash or an upgrade would; {@link #startAgain} brings it back. */
    public synchronized void stop() {
        if (!running) return;
        running = false;
        port = agent.port();
        agent.close();
    }

    /** Starts the agent (again) on the same port and state folder, so with the same token. */
    public final synchronized void startAgain() {
        if (closed) throw new IllegalStateException("closed: a closed RealAgent does not start again");
        if (running) throw new IllegalStateException("running: stop() it first");
        AgentConfig settings = exactly != null ? exactly : config.apply(AgentConfig.builder(state).port(port)).build();
        if (catalog != null) {
            agent = Agent.start(settings, catalog);
        } else {
            List<Backend> made = new ArrayList<>();
            for (Supplier<Backend> b : backends) made.add(b.get());
            agent = Agent.start(settings, FolderCatalog.factory(root, made));
        }
        running = true;
    }

    /**
     * The process backend with a short start grace (300 ms instead of 1 s): a test's services either die at once or
     * run, so waiting longer only slows the suite.
     */
    public static Backend quickProcessBackend() {
        // target/classes, not the class path: under surefire that is a launcher jar the services' JVMs cannot use.
        return new ProcessBackend(Map.of("java", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "classpath", Path.of("target", "classes").toAbsolutePath().toString()), Duration.ofMillis(300));
    }

    /** A name no earlier run used, so runs never meet each other's containers on a shared engine. */
    public static String uniqueName(String prefix) {
        return prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    }

    /** The deployment as listed, or null while the agent does not list it. */
    public Deployment find(String name) {
        return client.deployments().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    public Deployment deployment(String name) {
        return client.deployment(name).deployment();
    }

    public Service service(String deployment, String service) {
        return deployment(deployment).services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    }

    /** Starts the action ({@code service} null: the whole deployment) and waits for its job to end. */
    public Job run(String deployment, String service, Action action) {
        Job job = service == null ? client.startDeploymentJob(deployment, action)
                : client.startServiceJob(deployment, service, action);
        return awaitEnd(job.id());
    }

    public Job awaitEnd(String id) {
        return await().atMost(jobWait).pollInterval(Duration.ofMillis(200))
                .until(() -> client.job(id), j -> j.status() != JobStatus.QUEUED && j.status() != JobStatus.RUNNING);
    }

    /** The job's stored output, text only. */
    public List<String> output(String jobId) {
        return client.log(jobId, 0, 10_000).lines().stream().map(Line::text).toList();
    }

    /** Closes the proxied clients, the proxy, the client and the agent (unless {@link #stop} already did); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        proxiedClients.forEach(AgentClient::close);
        if (proxy != null) {
            try {
                proxy.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        client.close();
        if (running) agent.close();
        running = false;
    }
}
