package io.capstan.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code capstan agent}: runs the daemon in the foreground. Filled in by the agent work. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the Capstan agent (the daemon that owns deployments on this host).")
public final class AgentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("not yet implemented");
        return 1;
    }
}
