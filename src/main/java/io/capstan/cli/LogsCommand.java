package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Names;
import io.capstan.protocol.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capstan logs <job> [--follow]}: a job's output, retained lines or live until it ends.
 * {@code capstan logs <deployment> [--follow] [--service S] [--tail N]}: its services' runtime logs interleaved by
 * time, each line behind its service's name. A job id ({@code j-} and upper-case letters) is never a valid
 * deployment name, so the one argument says which.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print a job's output; with --follow, stream it live until the job ends.",
            "Given a deployment: every service's runtime log interleaved by time, each line prefixed with its service;"
                + " with --follow, live until Ctrl+C."})
final class LogsCommand extends ClientCommand {
    private static final int PAGE = 5_000;

    @Parameters(index = "0", paramLabel = "JOB|DEPLOYMENT")
    String target;

    @Option(names = {"-f", "--follow"}, description = "Stream live: a job until it ends (exit with its result), "
            + "a deployment until Ctrl+C.")
    boolean follow;

    @Option(names = {"-s", "--service"}, split = ",", paramLabel = "SERVICE",
            description = "A deployment's services to show (repeat or comma-separate); default all.")
    List<String> only = new ArrayList<>();

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "200",
            description = "Lines of each service's recent past to start with (default ${DEFAULT-VALUE}).")
    int tail;

    /** Completed by Ctrl+C (the shutdown hook) or a test; ends a following deployment log cleanly. */
    CompletableFuture<Void> stop = new CompletableFuture<>();

    @Override
    int run(AgentClient client, Terminal term) {
        if (Names.isValid(target)) return deploymentLogs(client, term);
        if (!only.isEmpty()) {
            term.note("--service is for a deployment's logs; " + target + " is a job");
            return ExitCodes.USAGE;
        }
        String jobId = target;
        if (follow) return LogFollower.follow(client, jobId, term);
        long after = 0;
        while (true) {
            Messages.LogPage page = client.log(jobId, after, PAGE);
            for (Line line : page.lines()) {
                if (line.seq() > after + 1) term.note("… lines " + (after + 1) + " to " + (line.seq() - 1) + " not retained …");
                term.line(line.stream(), line.text());
                after = line.seq();
            }
            if (page.lines().isEmpty() || page.done()) return ExitCodes.OK;
            after = Math.max(after, page.next());
        }
    }

    private int deploymentLogs(AgentClient client, Terminal term) {
        if (tail < 0) {
            term.note("--tail must be 0 or more");
            return ExitCodes.USAGE;
        }
        List<String> all = client.deployment(target).deployment().services().stream().map(Service::name).toList();
        List<String> unknown = only.stream().filter(s -> !all.contains(s)).toList();
        if (!unknown.isEmpty()) {
            term.note(target + " has no service " + String.join(", ", unknown) + "; it has " + String.join(", ", all));
            return ExitCodes.USAGE;
        }
        List<String> services = only.isEmpty() ? all : all.stream().filter(only::contains).toList();
        if (services.isEmpty()) {
            term.note(target + " has no services");
            return ExitCodes.OK;
        }
        // Ctrl+C: the hook ends the follow, which closes every stream and flushes what was printed; the JVM then
        // exits (130, as for any SIGINT) once the hook returns, so no half-written line is left on the terminal.
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Thread hook = new Thread(() -> {
            stop.complete(null);
            try {
                finished.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // exit anyway: Ctrl+C must never hang
            }
            term.out().flush();
        }, "capstan-logs-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return DeploymentLogPrinter.print(client, target, services, tail, follow, term, stop);
        } finally {
            finished.complete(null);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl+C: the hook is running
            }
        }
    }
}
