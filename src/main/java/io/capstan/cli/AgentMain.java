package io.capstan.cli;

/**
 * Main class of the installed {@code capstan-agent} launcher: {@code capstan-agent ARGS} is {@code capstan agent ARGS}.
 * A launcher's default arguments cannot do this, because jpackage drops them as soon as the user passes any.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.commandLine().execute(withAgent(args)));
    }

    static String[] withAgent(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "agent";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
