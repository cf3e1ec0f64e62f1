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
        Columns table = new Columns(30, 8, 24, 20, 12, 0, 0);
        for (Job j : client.jobs(deployment, service, limit)) {
            table.add(j.id(), j.action().wire(), TargetName.of(j).label(), term.status(j.status()), by(j),
                    j.createdAt() + " ", duration(j));
        }
        table.lines().forEach(term.out()::println);
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
