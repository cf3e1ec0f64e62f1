package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code capstan status}: every deployment and its services, one line each. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show deployments and their services with status.")
final class StatusCommand extends ClientCommand {
    @Override
    int run(AgentClient client, Terminal term) {
        Messages.DeploymentList list = client.deployments();
        PrintWriter out = term.out();
        if (list.deployments().isEmpty()) out.println("no deployments");
        for (Deployment d : list.deployments()) {
            out.printf("%-24s %-8s %s%s%n", d.name(), d.backend(), term.status(d.status()),
                    d.activeJob() != null ? "  job " + d.activeJob() : "");
            if (d.error() != null) out.println("  error: " + d.error());
            for (Service s : d.services()) {
                String where = s.pid() != null ? "pid " + s.pid() : s.container() != null ? s.container() : "";
                String exit = s.exitCode() != null ? "exit " + s.exitCode() : "";
                String health = term.health(s.health());
                out.printf("  %-22s %-18s %-14s %-8s %s%n", s.name(), term.status(s.status()) + (health.isEmpty() ? "" : " · " + health),
                        where, exit, s.activeJob() != null ? "job " + s.activeJob() : "");
            }
        }
        return ExitCodes.OK;
    }
}
