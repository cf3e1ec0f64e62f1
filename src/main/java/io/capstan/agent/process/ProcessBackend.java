package io.capstan.agent.process;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code process} backend: a deployment is a folder holding a {@code capstan.yaml} (schema in
 * {@link ProcessSpec} and docs/deployments.md) whose services are native processes the agent supervises.
 */
public final class ProcessBackend implements Backend {
    public static final String KIND = "process";
    /** How long a freshly started process must stay alive for its start to count as a success. */
    public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(1);

    private final Map<String, String> placeholders;
    private final Duration startGrace;

    public ProcessBackend() {
        this(defaultPlaceholders(), DEFAULT_START_GRACE);
    }

    /** @param placeholders values for {@code ${name}} in commands, build steps and env values */
    public ProcessBackend(Map<String, String> placeholders, Duration startGrace) {
        this.placeholders = Map.copyOf(placeholders);
        this.startGrace = startGrace;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean claims(Path folder) {
        return Files.isRegularFile(folder.resolve(ProcessSpec.FILE_NAME));
    }

    @Override
    public DeploymentRuntime open(String name, Path folder, RuntimeContext context) throws DeploymentConfigException {
        return new ProcessDeployment(name, folder, ProcessSpec.load(folder, placeholders), context, startGrace);
    }

    /**
     * Stops what an agent that is gone left running for {@code folder}'s services, by their pid files, as opening the
     * deployment would (the same {@link ServiceSupervisor#stopLeftover} path), without opening it: for the console's
     * lifeline (docs/architecture.md, "The lifeline"). In reverse start order, as a stop would go.
     *
     * @param logs the log each service's "stopped the leftover" lines go to, by service name
     */
    public static void stopLeftovers(Path folder, Function<String, LineSink> logs) throws DeploymentConfigException {
        List<ProcessSpec.ServiceSpec> services = ProcessSpec.load(folder, defaultPlaceholders()).services();
        for (int i = services.size() - 1; i >= 0; i--) {
            ProcessSpec.ServiceSpec s = services.get(i);
            ServiceSupervisor.stopLeftover(s, new PidFile(folder, s.name()), logs.apply(s.name()));
        }
    }

    /**
     * {@code argv} run as the leader of a process group and session of its own where the OS allows ({@code setsid}
     * on Linux), so that the terminal's signals (Ctrl+C, hang-up) to the console's group do not reach it.
     */
    public static List<String> inOwnSession(List<String> argv) throws IOException {
        return ProcessGroups.inOwnGroup(argv, Path.of("").toAbsolutePath());
    }

    /** {@code java}: this JVM's executable; {@code classpath}: this JVM's class path made absolute. */
    public static Map<String, String> defaultPlaceholders() {
        return Map.of("java", javaExecutable(), "classpath", absoluteClassPath());
    }

    /**
     * The runtime's own {@code bin/java} first: in an installed app image this process is the native launcher
     * ({@code /opt/capstan/bin/capstan}), which takes Capstan's arguments, not {@code -cp}. The process's command is
     * the fallback for a runtime without {@code bin/java}.
     */
    static String javaExecutable() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path own = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (Files.isExecutable(own)) return own.toString();
        return ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(own.toString());
    }

    /** Services run in their own folder, so a relative entry (java -jar target/x.jar) must be made absolute. */
    static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
