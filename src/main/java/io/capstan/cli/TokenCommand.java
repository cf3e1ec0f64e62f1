package io.capstan.cli;

import io.capstan.agent.StateDirs;
import io.capstan.agent.auth.TokenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code capstan agent token add|list|revoke|rotate}: the agent's named tokens, edited in its state folder
 * ({@code tokens.json}, hashes only), which a running agent reads again on its next request. It runs on the agent's
 * host, as the agent's user: whoever can write that folder can already read the generated token, so the file is the
 * door, not an HTTP route any token holder could use (decision record 81).
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Named tokens of an agent on this host: add (prints the new token once), list, revoke, rotate.",
        subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class,
            TokenCommand.Rotate.class})
final class TokenCommand implements Runnable {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: add NAME, list, revoke NAME or rotate NAME");
    }

    /** What the three share: the state folder, checked before anything is read or written. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The agent's state folder (default: the platform's, as for capstan agent).")
        Path stateDir;

        @Override
        public final Integer call() {
            Path dir = stateDir != null ? stateDir : StateDirs.agentState();
            String problem = unusable(dir);
            if (problem != null) {
                err().println("capstan agent token: " + problem);
                return ExitCodes.USAGE;
            }
            try {
                return run(new TokenFile(dir));
            } catch (IllegalArgumentException e) {
                err().println("capstan agent token: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }

        abstract int run(TokenFile tokens);

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    /**
     * Why this folder must not be touched, or null. A file written by another user (root, through sudo) would be
     * {@code rw-------} and so unreadable by the agent, which would then refuse every named token.
     */
    static String unusable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "no agent state folder at " + dir + ": start the agent once, or pass --state-dir";
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return null;
        try {
            String owner = Files.getOwner(dir).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                return dir + " belongs to " + owner + ", not " + me + ": run this as the agent's user (sudo -u " + owner
                        + " capstan agent token ...), so the agent can read what it writes";
            }
        } catch (IOException e) {
            return "cannot read the owner of " + dir + ": " + e.getMessage();
        }
        return null;
    }

    static String minute(Instant t) {
        return t == null ? "never" : MINUTE.format(t);
    }

    /**
     * A new token, printed the one time it is seen: alone on stdout, so {@code capstan agent token add ci > ci.token}
     * stores exactly it, flushed before the words about it go to stderr.
     */
    abstract static class PrintsToken extends Base {
        final void printOnce(String token, String said) {
            out().println(token);
            out().flush();
            err().println(said);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Create a token named NAME and print it (only this once: the agent keeps its hash).")
    static final class Add extends PrintsToken {
        @Parameters(paramLabel = "NAME", description = "Who or what uses it (a-z, 0-9, '.', '_', '-'), shown on every job it starts.")
        String name;

        @Override
        int run(TokenFile tokens) {
            printOnce(tokens.add(name), "token \"" + name + "\" added; it is shown only now. The agent accepts it from its"
                    + " next request on.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The tokens: name, created, last used, valid or revoked (never the tokens themselves).")
    static final class ListTokens extends Base {
        @Override
        int run(TokenFile tokens) {
            List<TokenFile.Entry> entries = tokens.entries();
            Map<String, Instant> used = tokens.lastUsed();
            String format = "%-20s %-22s %-22s %s%n";
            out().printf(format, "NAME", "CREATED", "LAST USED", "STATUS");
            for (TokenFile.Entry e : entries) {
                out().printf(format, e.name(), minute(e.createdAt()), minute(used.get(e.name())),
                        e.active() ? "valid" : "revoked " + minute(e.revokedAt()));
            }
            if (entries.isEmpty()) err().println("no named tokens in " + tokens.path());
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Revoke the token NAME: refused from the agent's next request on, its open streams ended.")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(TokenFile tokens) {
            tokens.revoke(name);
            err().println("token \"" + name + "\" revoked");
            if (tokens.entries().stream().noneMatch(TokenFile.Entry::active)) {
                err().println("no valid token is left: add one (capstan agent token add NAME) to reach the agent again");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Give the token NAME a new value and print it (only this once): the old one is refused from the"
                    + " agent's next request on, its open streams ended.",
                "For owner, the new token is also written to agent.token, where this host's console picks it up."})
    static final class Rotate extends PrintsToken {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(TokenFile tokens) {
            printOnce(tokens.rotate(name), "token \"" + name + "\" rotated; the new one is shown only now. The old one is"
                    + " refused from the agent's next request on.");
            if (name.equals(TokenFile.OWNER)) {
                err().println("written to " + tokens.path().resolveSibling(TokenFile.GENERATED)
                        + ": the console and command line on this host read it there");
            }
            return ExitCodes.OK;
        }
    }
}
