package io.capstan.agent.lifeline;

import io.capstan.agent.AgentConfig;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.jobs.JobProcesses;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.agent.state.AgentLocks;
import io.capstan.agent.state.FolderInUseException;
import io.capstan.agent.state.FolderLock;
import io.capstan.agent.state.LinesWhileAway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lifeline's process ({@link Lifeline}): {@code LifelineMain <console pid> <state folder> <deployments root>}. It
 * waits on its stdin; a goodbye means the console stopped its services itself, end of file without one means the
 * console is gone without doing so. It then takes the agent's locks, as an agent starting on the folders would, and
 * stops the processes of the jobs that were running (a rebuild's step) and each service's leftover, through the
 * agent's own leftover stops; the next agent's start ends those jobs as interrupted. A new agent that got the locks first is left
 * alone: its own start stops the leftovers, and the lifeline must never stop a process that agent started.
 */
public final class LifelineMain {
    /** What the console writes before it closes the pipe when it has stopped its services itself. */
    static final int GOODBYE = 'q';
    /**
     * How long the console's lock may outlive its pipe: the OS closes a dead process's files one after another, so the
     * end of file can come a moment before the lock is released.
     */
    private static final Duration CONSOLE_LOCK_WAIT = Duration.ofSeconds(10);

    private LifelineMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].matches("[0-9]{1,19}")) {
            System.err.println("usage: LifelineMain <console pid> <state folder> <deployments root>"
                    + " (started by the console; see docs/architecture.md, \"The lifeline\")");
            System.exit(2);
        }
        long console = Long.parseLong(args[0]);
        Path state = Path.of(args[1]);
        Path root = Path.of(args[2]);
        if (!Files.isDirectory(state) || !Files.isDirectory(root)) {
            System.err.println("lifeline: " + (Files.isDirectory(state) ? root : state) + " is not a folder");
            System.exit(2);
        }
        if (awaitEnd(System.in) == GOODBYE) return;
        Optional<AgentLocks> locks = lock(console, state, root);
        if (locks.isEmpty()) return;
        try (AgentLocks held = locks.get()) {
            held.describe(new FolderLock.Holder(ProcessHandle.current().pid(), null, state.toAbsolutePath(), null));
            // Jobs first: a rebuild's step that runs on could start a service the loop below has just stopped.
            Duration grace = AgentConfig.builder(state).build().cancelGrace();
            JobProcesses.stopAllLeftovers(state, grace).forEach(LifelineMain::say);
            stopLeftovers(root, state);
        }
    }

    /** Reads until the goodbye or the end of file, whichever comes first; returns which. */
    static int awaitEnd(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b != GOODBYE && b != -1);
        return b;
    }

    /**
     * The agent's locks once the dead console's are released; empty when another holder has them (a new console's
     * agent, which stops the leftovers itself when it opens the deployments).
     */
    private static Optional<AgentLocks> lock(long console, Path state, Path root) {
        long deadline = System.nanoTime() + CONSOLE_LOCK_WAIT.toNanos();
        while (true) {
            try {
                return Optional.of(AgentLocks.acquire(state, List.of(root)));
            } catch (FolderInUseException e) {
                boolean stillTheConsoles = FolderLock.holderOf(e.folder()).pid() == console;
                if (!stillTheConsoles || System.nanoTime() > deadline) {
                    say("left the services to " + e.getMessage());
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                say("cannot lock " + state + ": " + e.getMessage() + "; the next start stops the services left running");
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return Optional.empty();
            }
        }
    }

    /** Every process deployment in the root, as the agent's catalogue finds them (direct subfolders, none hidden). */
    private static void stopLeftovers(Path root, Path state) throws IOException {
        ProcessBackend backend = new ProcessBackend();
        List<Path> folders;
        try (Stream<Path> list = Files.list(root)) {
            folders = list.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".") && backend.claims(p))
                    .sorted().toList();
        }
        for (Path folder : folders) {
            String deployment = folder.getFileName().toString();
            try {
                ProcessBackend.stopLeftovers(folder, service -> serviceLog(state, deployment, service));
            } catch (DeploymentConfigException | RuntimeException e) {
                say(deployment + ": not read (" + e.getMessage() + "); the next start stops what it left running");
            }
        }
    }

    /**
     * The service's log was in the dead console's memory: its lines go to the lifeline's log file, named, and to the
     * state folder's lines for the next agent to put in that service's log (decision record 169).
     */
    private static LineSink serviceLog(Path state, String deployment, String service) {
        return (stream, text) -> {
            say(deployment + "/" + service + ": " + text);
            try {
                LinesWhileAway.append(state, new LinesWhileAway.Said(Instant.now(), deployment, service, text));
            } catch (IOException e) {
                say("cannot keep that line for " + deployment + "/" + service + "'s log: " + e.getMessage());
            }
        };
    }

    private static void say(String text) {
        System.out.println(Instant.now() + " lifeline " + ProcessHandle.current().pid() + ": " + text);
    }
}
