package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capstan run shop restart --wait}: start an action; with --wait, stream it and exit with its result. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start an action on a deployment or one service.",
        footer = "Exit codes: 0 job succeeded (or started, without --wait), 1 job failed/canceled/interrupted, "
                + "2 usage, 3 busy (the holder's job id is printed), 4 agent error.")
final class RunCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DEPLOYMENT[/SERVICE]")
    String target;

    @Parameters(index = "1", paramLabel = "ACTION", description = "start, stop, restart or rebuild")
    String action;

    @Option(names = "--wait", description = "Stream the job's output and exit with its result.")
    boolean await;

    @Override
    int run(AgentClient client, Terminal term) {
        Action act = Action.parse(action).orElseThrow(
                () -> new IllegalArgumentException("unknown action '" + action + "': use start, stop, restart or rebuild"));
        String[] parts = target.split("/", -1);
        if (parts.length > 2 || !Names.isValid(parts[0]) || (parts.length == 2 && !Names.isValid(parts[1]))) {
            throw new IllegalArgumentException("'" + target + "' is not DEPLOYMENT or DEPLOYMENT/SERVICE "
                    + "(names: lower-case letters, digits, '.', '_', '-')");
        }
        Job job = parts.length == 2
                ? client.startServiceJob(parts[0], parts[1], act)
                : client.startDeploymentJob(parts[0], act);
        if (!await) {
            term.out().println(job.id());
            return ExitCodes.OK;
        }
        term.note("job " + job.id() + ": " + act.wire() + " " + target);
        return LogFollower.follow(client, job.id(), term);
    }
}
