package io.capstan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code capstan} launcher. A plain class with {@code main}: starting a JavaFX Application subclass
 * straight from the classpath fails, so the console is reached through here.
 */
@Command(name = "capstan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Capstan deployment console and agent.",
        subcommands = {AgentCommand.class, StatusCommand.class, RunCommand.class, JobsCommand.class, LogsCommand.class,
            TrustCommand.class, LoadClassesCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // The plain "capstan" of the menu entry opens the console without building the command line's model first:
        // picocli reads every subcommand's options by reflection, about 170 classes before the window (decision
        // record 54). Anything else, and a start without a desktop (which picocli reports), goes the usual way.
        if (args.length == 0 && !noDisplay(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("glass.platform"))) {
            io.capstan.console.ConsoleLauncher.launch(null, null);
            System.exit(0); // as execute() ends: no thread left behind keeps the JVM alive after the window
        }
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
        if (noDisplay(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"))) {
            // JavaFX would fail with "Unable to open DISPLAY" and a stack trace; say what to do instead.
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "the console needs a desktop session (DISPLAY or WAYLAND_DISPLAY is not set). "
                            + "On a server, run the agent: capstan agent --demo");
        }
        io.capstan.console.ConsoleLauncher.launch(embedded, configDir);
    }

    static boolean noDisplay(java.util.Map<String, String> env, String osName, String glassPlatform) {
        boolean unixDesktop = !osName.startsWith("Windows") && !osName.startsWith("Mac");
        return unixDesktop && glassPlatform == null && isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
