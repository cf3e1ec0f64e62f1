package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentException;
import io.capstan.client.BusyException;
import io.capstan.client.trust.CertificateTrustException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared by the commands that talk to an agent: connection options, one client, agent errors as exit codes. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Terminal term = new Terminal(spec.commandLine().getOut(), Terminal.colourWanted());
        try (AgentClient client = new AgentClient(connection.endpoint())) {
            return run(client, term);
        } catch (BusyException e) {
            err().println("busy: " + e.getMessage());
            if (e.holderJobId() != null) err().println("follow it with: capstan logs " + e.holderJobId() + " --follow");
            return ExitCodes.BUSY;
        } catch (AgentException e) {
            err().println("agent error (" + e.code().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage());
            CertificateTrustException.in(e).ifPresent(c -> err().println(c.getMessage() + "\n  review and pin it with: capstan trust "
                    + connection.endpoint().baseUrl() + (connection.connection != null ? " -c " + connection.connection : "")));
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
