package io.capstan.agent.lifeline;

import io.capstan.agent.process.ProcessBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's end of its lifeline: a child JVM ({@link LifelineMain}) whose stdin is a pipe from this process. When
 * this process ends in any way the OS closes the pipe, and the child, unless it was told goodbye first, stops the
 * services the embedded agent left running, by their pid files, as the next agent's start would. Only the console's
 * own agent has one: a {@code capstan agent}'s services are meant to outlive it.
 *
 * <p>The pipe's write end lives in {@link #process}'s output stream, which closes itself when it becomes unreachable:
 * the owner must keep this object for as long as the agent runs.
 */
public final class Lifeline implements AutoCloseable {
    /** The file in the state folder the lifeline writes to (what it stopped, or why it could not). */
    public static final String LOG_FILE = "lifeline.log";
    /**
     * The child JVM's options, by the figures in decision record 165: a small heap and the serial collector, C1 only
     * (it runs for a moment, once), no perf-data file, no class-data archive (its mapped pages count as resident while
     * it waits, for hours), never a window or a dock icon.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx16m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:off", "-Djava.awt.headless=true");
    /** Options from the environment that every JVM reads; the console's (a training run's class list) are not the lifeline's. */
    private static final List<String> INHERITED_OPTIONS = List.of("_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private final Process process;

    private Lifeline(Process process) {
        this.process = process;
    }

    /**
     * Starts the lifeline of the agent that holds {@code stateDir} and {@code root} in this process.
     *
     * @throws IOException when the child cannot be started (the next start still stops the leftovers)
     */
    public static Lifeline start(Path stateDir, Path root) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ProcessBackend.inOwnSession(command(stateDir, root)))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve(LOG_FILE).toFile()))
                .redirectErrorStream(true);
        INHERITED_OPTIONS.forEach(pb.environment().keySet()::remove);
        return new Lifeline(pb.start());
    }

    /**
     * This JVM's own {@code java} and class path (the ones the demo services run with), so the same command works from
     * {@code java -jar target/capstan.jar} and from the app image, whose native launcher takes no {@code -cp}.
     */
    static List<String> command(Path stateDir, Path root) {
        Map<String, String> self = ProcessBackend.defaultPlaceholders();
        List<String> argv = new ArrayList<>();
        argv.add(self.get("java"));
        argv.addAll(JVM_OPTIONS);
        argv.add("-cp");
        argv.add(self.get("classpath"));
        argv.add(LifelineMain.class.getName());
        argv.add(Long.toString(ProcessHandle.current().pid()));
        argv.add(stateDir.toAbsolutePath().toString());
        argv.add(root.toAbsolutePath().toString());
        return argv;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Says goodbye, once the agent has stopped its services: the lifeline then exits touching nothing. Does not wait
     * for it, and a lifeline already gone (killed) is no error.
     */
    @Override
    public void close() {
        try (OutputStream out = process.getOutputStream()) {
            out.write(LifelineMain.GOODBYE);
            out.flush();
        } catch (IOException gone) {
            // Its end of the pipe is closed: it was killed, and the next start stops any leftovers as before.
        }
    }
}
