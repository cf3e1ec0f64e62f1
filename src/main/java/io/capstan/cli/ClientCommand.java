package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentException;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.BusyException;
import io.capstan.client.ssh.SshTunnel;
import java.time.Duration;
import java.util.List;
import io.capstan.client.trust.CertificateTrustException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared by the commands that talk to an agent: connection options, one client, agent errors as exit codes. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    Terminal.When colour;

    @Override
    public final Integer call() {
        Terminal term = new Terminal(spec.commandLine().getOut(), colour.wanted());
        AgentEndpoint endpoint;
        try {
            endpoint = connection.endpoint();
        } catch (IllegalArgumentException e) {
            err().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        SshTunnel tunnel = null;
        try {
            if (endpoint.ssh() != null) {
                tunnel = new SshTunnel(endpoint.name(), endpoint.ssh(), endpoint.baseUrl(), List.of("ssh"), s -> { });
                tunnel.start();
                SshTunnel.State state = tunnel.awaitSettled(Duration.ofSeconds(25));
                if (!(state instanceof SshTunnel.State.Open)) {
                    err().println("ssh to " + endpoint.ssh().destination() + " failed: "
                            + (state instanceof SshTunnel.State.Down d ? d.reason() : "no tunnel within 25 s"));
                    return ExitCodes.AGENT_ERROR;
                }
                endpoint = endpoint.at(tunnel.localUrl());
            }
            return call(endpoint, term);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.AGENT_ERROR;
        } finally {
            if (tunnel != null) tunnel.close();
        }
    }

    private int call(AgentEndpoint endpoint, Terminal term) {
        try (AgentClient client = new AgentClient(endpoint)) {
            return run(client, term);
        } catch (BusyException e) {
            err().println("busy: " + e.getMessage());
            if (e.holderJobId() != null) err().println("follow it with: capstan logs " + e.holderJobId() + " --follow");
            return ExitCodes.BUSY;
        } catch (AgentException e) {
            err().println("agent error (" + io.capstan.protocol.WireNames.of(e.code()) + "): " + e.getMessage());
            CertificateTrustException.in(e).ifPresent(c -> err().println(c.getMessage() + "\n  review and pin it with: capstan trust "
                    + (connection.connection != null ? "-c " + connection.connection : endpoint.baseUrl())));
            return ExitCodes.AGENT_ERROR;
        } catch (IllegalArgumentException e) {
            err().println(e.getMessage());
            return ExitCodes.USAGE;
        } finally {
            term.out().flush();
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    abstract int run(AgentClient client, Terminal term);
}
