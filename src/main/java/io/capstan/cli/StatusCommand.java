package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import java.io.PrintWriter;
import java.util.Iterator;
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
        // Widths from every row first (deployments with deployments, services with services), so all line up.
        Columns deployments = new Columns(24, 8, 0);
        Columns services = new Columns(22, 18, 14, 8, 0);
        for (Deployment d : list.deployments()) {
            deployments.add(d.name(), d.backend(), term.status(d.status()) + (d.activeJob() != null ? "  job " + d.activeJob() : ""));
            for (Service s : d.services()) {
                String where = s.pid() != null ? "pid " + s.pid() : s.container() != null ? s.container() : "";
                String exit = s.exitCode() != null ? "exit " + s.exitCode() : "";
                String health = term.health(s.health());
                services.add(s.name(), term.status(s.status()) + due(s) + (health.isEmpty() ? "" : " · " + health), where, exit,
                        s.activeJob() != null ? "job " + s.activeJob() : "");
            }
        }
        Iterator<String> deploymentLines = deployments.lines().iterator();
        Iterator<String> serviceLines = services.lines().iterator();
        for (Deployment d : list.deployments()) {
            out.println(deploymentLines.next());
            if (d.error() != null) out.println("  error: " + d.error());
            for (int i = 0; i < d.services().size(); i++) out.println("  " + serviceLines.next());
        }
        return ExitCodes.OK;
    }

    /**
     * When a restarting service's policy starts it again, where the agent said: " at 17:02:11" (this machine's time).
     * A time, not "in 8 s": two runs a second apart print the same, and a script can compare it.
     */
    static String due(Service s) {
        if (s.restartAt() == null) return "";
        return " at " + DUE.format(s.restartAt().atZone(java.time.ZoneId.systemDefault()));
    }

    private static final java.time.format.DateTimeFormatter DUE = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
}
