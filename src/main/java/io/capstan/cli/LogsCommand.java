package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capstan logs <job> [--follow]}: a job's output, retained lines or live until it ends. */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a job's output; with --follow, stream it live until the job ends.")
final class LogsCommand extends ClientCommand {
    private static final int PAGE = 5_000;

    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Option(names = {"-f", "--follow"}, description = "Stream live until the job ends; exit with its result.")
    boolean follow;

    @Override
    int run(AgentClient client, Terminal term) {
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
}
