package io.capstan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code capstan} launcher. A plain class with {@code main}: starting a JavaFX Application subclass
 * straight from the classpath fails, so the console is reached through here.
 */
@Command(name = "capstan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Capstan deployment console and agent.",
        subcommands = {AgentCommand.class, StatusCommand.class, RunCommand.class, JobsCommand.class, LogsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        // The console becomes the default command in the console issue; until then, show help.
        CommandLine.usage(this, System.out);
    }
}
