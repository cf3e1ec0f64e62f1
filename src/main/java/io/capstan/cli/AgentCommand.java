package io.capstan.cli;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import io.capstan.agent.StateDirs;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.compose.ComposeBackend;
import io.capstan.agent.swarm.SwarmBackend;
import io.capstan.agent.process.DemoSet;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.agent.state.FolderInUseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code capstan agent}: runs the daemon in the foreground until SIGINT or SIGTERM. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the Capstan agent: the daemon that owns the deployments under a root folder.",
        subcommands = TokenCommand.class)
public final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Folder whose subfolders are deployments (each with a capstan.yaml or a Compose file).")
    Path root;

    @Option(names = "--demo",
            description = "Serve the bundled demo deployments (copied to the state folder on first use; edits there are kept).")
    boolean demo;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Non-loopback needs --tls (or --insecure-bind).")
    String bind;

    @Option(names = "--port", defaultValue = "7417", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where job output, the token and history live (default: the platform's state folder).")
    Path stateDir;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from this file instead of the generated one. (Never pass a token in argv: ps shows it.)")
    Path tokenFile;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Extra name accepted in the Host header (repeatable), e.g. a name in /etc/hosts.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--insecure-bind",
            description = "Allow a non-loopback bind without TLS. The token then travels in clear text.")
    boolean insecureBind;

    @Option(names = "--tls",
            description = "Serve HTTPS. Without --tls-cert or --tls-keystore, with a certificate made on first start and kept in the "
                    + "state folder; its SHA-256 fingerprint is printed for clients to check.")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate (chain) to serve, with --tls-key; read again when it changes (implies --tls).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert, unencrypted, owner-only.")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS keystore to serve, with --tls-keystore-password-file; read again when it changes (implies --tls).")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File holding the keystore's password (one password for the store and its key).")
    Path tlsKeystorePasswordFile;

    @Option(names = "--name", description = "Agent name shown to clients (default: the host name).")
    String name;

    @Option(names = "--job-output-limit", paramLabel = "SIZE", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Output of one job kept on disk (default: ${DEFAULT-VALUE}; at least 1MiB): the first lines "
                    + "and the newest are kept, the middle is dropped. Units: B, KiB, MiB, GiB (also K, M, G).")
    long jobOutputLimit;

    @Option(names = "--resource-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often each running service's CPU and memory are sampled, in seconds (default: "
                    + "${DEFAULT-VALUE}; at least 0.1); the last hour is kept in memory.")
    double resourceInterval;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // Probed in the background from now on: the demo's compose example is added once an engine answers.
        ComposeBackend compose = ComposeBackend.detect();
        Path deployments = deploymentsFolder();
        Path state = stateDir != null ? stateDir : StateDirs.agentState();
        AgentConfig.Builder config = AgentConfig.builder(state)
                .bindHost(bind).port(port).allowedHosts(allowHosts).insecureBind(insecureBind);
        if (name != null) config.agentName(name);
        config.jobOutputLimit(jobOutputLimit);
        config.resourceInterval(java.time.Duration.ofMillis(Math.round(resourceInterval * 1000)));
        if (tokenFile != null) config.token(readToken(tokenFile));
        tls(config);
        Agent agent;
        try {
            agent = Agent.start(config.build(), FolderCatalog.factory(deployments,
                    List.of(new ProcessBackend(), SwarmBackend.detect(), compose),
                    demo ? folder -> DemoSet.copyTo(folder, false) : folder -> { }));
        } catch (FolderInUseException e) {
            // Not a usage error: the same command succeeds once the other agent is gone.
            spec.commandLine().getErr().println("capstan agent: " + e.getMessage());
            return ExitCodes.BUSY;
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (demo) {
            DemoSet.addComposeLater(deployments, () -> compose.cli().engineAnswers(), agent::open);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "capstan-agent-shutdown"));
        out.println("capstan agent listening on " + agent.baseUrl());
        out.println("deployments: " + deployments);
        out.println(compose.summary());
        out.println("token: " + (agent.tokenFile() != null ? agent.tokenFile() : "from " + tokenFile));
        if (agent.tls() != null) {
            // Beside the token: whoever copies the token to a client checks this on the client's first connection.
            out.println("tls certificate SHA-256 fingerprint: " + agent.tls().fingerprint());
            if (agent.certificateFile() != null) out.println("tls certificate: " + agent.certificateFile());
        }
        out.println("try: curl -H \"Authorization: Bearer $(cat " + (agent.tokenFile() != null ? agent.tokenFile() : tokenFile)
                + ")\" " + agent.baseUrl() + "/api/v1/deployments");
        stopped.await();
        return 0;
    }

    private void tls(AgentConfig.Builder config) throws IOException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        if (tlsCert != null && tlsKeystore != null) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-keystore exclude each other");
        }
        if (tlsCert != null) {
            config.tlsPem(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath());
        } else if (tlsKeystore != null) {
            if (tlsKeystorePasswordFile == null) {
                throw new ParameterException(spec.commandLine(), "--tls-keystore needs --tls-keystore-password-file");
            }
            config.tls(tlsKeystore.toAbsolutePath(), Files.readString(tlsKeystorePasswordFile, StandardCharsets.UTF_8).trim());
        } else if (tls) {
            config.tlsGenerated();
        }
    }

    private Path deploymentsFolder() throws IOException {
        if (root != null && demo) throw new ParameterException(spec.commandLine(), "--root and --demo exclude each other");
        if (root != null) {
            if (!Files.isDirectory(root)) {
                throw new ParameterException(spec.commandLine(), "--root " + root + " is not a folder");
            }
            return root.toAbsolutePath();
        }
        if (!demo) {
            throw new ParameterException(spec.commandLine(), "say which deployments to serve: --root DIR, or --demo");
        }
        // Filled with the demo set once the agent holds the folder's lock, so a refused agent writes nothing there.
        Path target = StateDirs.demoDeployments();
        Files.createDirectories(target);
        return target;
    }

    private String readToken(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.length() < 16) {
            throw new ParameterException(spec.commandLine(), "token in " + file + " is shorter than 16 characters");
        }
        return token;
    }
}
