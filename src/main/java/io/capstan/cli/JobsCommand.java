package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Job;
import io.capstan.protocol.TargetName;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capstan jobs}: recent jobs, newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List recent jobs, newest first.")
final class JobsCommand extends ClientCommand {
    @Option(names = "--deployment", description = "Only jobs on this deployment.")
    String deployment;

    @Option(names = "--service", description = "Only jobs on this service.")
    String service;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(AgentClient client, Terminal term) {
        for (Job j : client.jobs(deployment, service, limit)) {
            String target = TargetName.of(j).label();
            term.out().printf("%-30s %-8s %-24s %-20s %-12s %s  %s%n", j.id(), j.action().wire(), target,
                    term.status(j.status()), by(j), j.createdAt(), duration(j));
        }
        return ExitCodes.OK;
    }

    /** Who started it (the token's name); "-" for a job from an agent that does not say. */
    static String by(Job j) {
        return j.startedBy() == null ? "-" : j.startedBy();
    }

    static String duration(Job j) {
        if (j.startedAt() == null) return "";
        Instant end = j.finishedAt() != null ? j.finishedAt() : Instant.now();
        Duration d = Duration.between(j.startedAt(), end);
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSecondsPart() + "." + d.toMillisPart() / 100 + "s";
    }
}
