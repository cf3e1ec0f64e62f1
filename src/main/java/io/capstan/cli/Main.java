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

    @picocli.CommandLine.Option(names = "--embedded", arity = "1", paramLabel = "true|false",
            description = "Start the local demo agent (\"This computer\"): true, false, or by default only when no agent "
                    + "connection is saved.")
    Boolean embedded;

    @picocli.CommandLine.Option(names = "--config-dir", paramLabel = "DIR",
            description = "Where the console keeps settings and saved connections (default: the user's config folder).")
    String configDir;

    /** With no subcommand, {@code capstan} opens the console. */
    @Override
    public void run() {
        io.capstan.console.ConsoleLauncher.launch(embedded, configDir);
    }
}
