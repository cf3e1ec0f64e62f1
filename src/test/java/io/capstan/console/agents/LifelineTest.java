package io.capstan.console.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.lifeline.Lifeline;
import io.capstan.agent.process.ProcessRecord;
import io.capstan.agent.state.LinesWhileAway;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's lifeline (decision record 165), with a console-like JVM ({@link ConsoleLikeMain}) killed for real:
 * SIGKILL leaves its embedded agent's services to the lifeline, which stops them; a clean close sends the lifeline
 * away touching nothing; a new console started while the lifeline works waits for it and loses no process to it.
 * Linux (SIGKILL, sh).
 */
class LifelineTest {
    /** sleepy: a plain service; deaf: ignores SIGTERM (and so does its sleep), so stopping it takes its stop timeout. */
    private static final String PLAIN = "services:\n"
            + "  sleepy:\n    command: [\"sleep\", \"3600\"]\n    autostart: true\n"
            + "  deaf:\n    command: [\"sh\", \"-c\", \"trap '' TERM; exec sleep 3601\"]\n    stopTimeout: 3s\n    autostart: true\n";

    /** Every service process a test saw, so that one that fails (on code without a lifeline) leaves none running. */
    private static final List<ProcessRecord> SEEN = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killWhatIsLeft() {
        SEEN.forEach(r -> r.live().ifPresent(ProcessHandle::destroyForcibly));
        SEEN.clear();
    }

    @Test
    void aKilledConsolesDemoServicesAreStoppedByItsLifeline() throws Exception {
        Path state = tmp.resolve("state");
        List<ProcessRecord> services;
        try (ConsoleProcess console = ConsoleProcess.start("demo", tmp.resolve("demo"), state, tmp.resolve("console.log"))) {
            services = console.awaitRunning(4);
            console.kill();
            // What SIGKILL left behind, before the lifeline has done its work.
            assertThat(services).isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> services.stream().allMatch(r -> r.live().isEmpty()));
        assertThat(Files.readString(state.resolve(Lifeline.LOG_FILE))).contains("stopped the leftover web (pid ");
    }

    @Test
    void aCleanCloseSendsTheLifelineAwayTouchingNothing() throws Exception {
        Path root = plainRoot();
        Path state = tmp.resolve("state");
        try (ConsoleProcess console = ConsoleProcess.start("plain", root, state, tmp.resolve("console.log"))) {
            console.awaitRunning(2);
            ProcessHandle lifeline = console.lifeline().orElseThrow(() -> new AssertionError("no lifeline runs"));
            console.closeCleanly();
            // Promptly: a goodbye, not the end of its pipe, and nothing to lock or stop.
            await().atMost(Duration.ofSeconds(5)).until(() -> !lifeline.isAlive());
        }
        assertThat(state.resolve(Lifeline.LOG_FILE)).as("it said nothing: it did nothing").isEmptyFile();
    }

    @Test
    void aConsoleStartedWhileTheLifelineWorksWaitsForItAndLosesNothingToIt() throws Exception {
        Path root = plainRoot();
        Path state = tmp.resolve("state");
        List<ProcessRecord> killedOnes;
        ProcessHandle lifeline;
        try (ConsoleProcess console = ConsoleProcess.start("plain", root, state, tmp.resolve("console.log"))) {
            killedOnes = console.awaitRunning(2);
            lifeline = console.lifeline().orElseThrow(() -> new AssertionError("no lifeline runs"));
            console.kill();
        }
        // deaf takes its 3 s stop timeout: the lifeline holds the folders meanwhile.
        Path log = state.resolve(Lifeline.LOG_FILE);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("deaf (pid"));
        assertThat(lifeline.isAlive()).isTrue();

        try (EmbeddedAgent next = EmbeddedAgent.start(root, state);
             AgentClient client = new AgentClient(next.endpoint())) {
            assertThat(next.owned()).as("it waited for the lifeline, then started its own agent").isTrue();
            assertThat(lifeline.isAlive()).isFalse();
            next.startServices();
            List<ProcessRecord> newOnes = awaitRunning(client, 2);
            assertThat(killedOnes).allMatch(r -> r.live().isEmpty());
            assertThat(newOnes).allMatch(r -> r.live().isPresent());
            assertThat(Files.readString(log)).contains("stopped the leftover deaf", "stopped the leftover sleepy");
            // And in each service's own log, where its operator looks first (decision record 169).
            for (String service : List.of("sleepy", "deaf")) {
                List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (ServiceLogStream stream = new ServiceLogStream(client, "plain", service, 100, line -> texts.add(line.text()))) {
                    stream.start();
                    await().atMost(Duration.ofSeconds(30)).until(() -> texts.stream().anyMatch(
                            t -> t.contains("the killed console's lifeline: stopped the leftover " + service + " (pid ")));
                }
            }
            assertThat(state.resolve(LinesWhileAway.FILE)).as("taken once").doesNotExist();
        }
    }

    @Test
    void aRebuildsStepRunningWhenTheConsoleIsKilledIsStoppedByItsLifeline() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("built"));
        Files.writeString(root.resolve("built").resolve("capstan.yaml"), "services:\n"
                + "  app:\n    command: [\"sleep\", \"3600\"]\n    build:\n      - [\"sleep\", \"3602\"]\n");
        Path state = tmp.resolve("state");
        Path steps = state.resolve("jobs");
        ProcessRecord step;
        try (ConsoleProcess console = ConsoleProcess.start("plain", root, state, tmp.resolve("console.log"));
             AgentClient client = console.client()) {
            String job = client.startServiceJob("built", "app", Action.REBUILD).id();
            // The step as the agent records it for the next start: pid and start instant, in the job's .procs file.
            Path procs = steps.resolve(job + ".procs");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(procs) && !Files.readString(procs).isBlank());
            step = ProcessRecord.parse(Files.readAllLines(procs).get(0));
            SEEN.add(step);
            assertThat(step.live()).as("the build step runs").isPresent();
            console.kill();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> step.live().isEmpty());
        // The line is written once the stop has returned, a moment after the process is gone.
        Path log = state.resolve(Lifeline.LOG_FILE);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("stopped build of app, step 1/1 (pid "
                + step.pid() + ")"));
        try (java.util.stream.Stream<Path> left = Files.list(steps)) {
            assertThat(left.map(Path::toString)).as("nothing left for the next start to stop").noneMatch(f -> f.endsWith(".procs"));
        }
    }

    private Path plainRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("plain"));
        Files.writeString(root.resolve("plain").resolve("capstan.yaml"), PLAIN);
        return root;
    }

    /** Once {@code count} services run: each one's process, by pid and start instant. */
    static List<ProcessRecord> awaitRunning(AgentClient client, int count) {
        await().atMost(Duration.ofSeconds(90)).until(() -> running(client).size() == count);
        List<ProcessRecord> out = new ArrayList<>();
        for (Service s : running(client)) out.add(ProcessRecord.of(ProcessHandle.of(s.pid()).orElseThrow(), s.name()));
        SEEN.addAll(out);
        return out;
    }

    private static List<Service> running(AgentClient client) {
        return client.deployments().deployments().stream().map(Deployment::services).flatMap(List::stream)
                .filter(s -> s.status() == ServiceStatus.RUNNING && s.pid() != null).toList();
    }

    /** {@link ConsoleLikeMain} in a JVM of its own. */
    private static final class ConsoleProcess implements AutoCloseable {
        private final Process process;
        private final CompletableFuture<AgentEndpoint> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        private ConsoleProcess(Process process) {
            this.process = process;
        }

        static ConsoleProcess start(String mode, Path deployments, Path state, Path stderr) throws Exception {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), ConsoleLikeMain.class.getName(), mode,
                    deployments.toString(), state.toString());
            ConsoleProcess c = new ConsoleProcess(new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start());
            Thread reader = new Thread(c::read, "console-like-out");
            reader.setDaemon(true);
            reader.start();
            try {
                c.ready.get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                c.process.destroyForcibly();
                throw new IllegalStateException("the console did not start: " + Files.readString(stderr), e);
            }
            return c;
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f[0].equals("ready")) ready.complete(new AgentEndpoint("console", f[1], f[2]));
                    if (f[0].equals("closed")) closed.complete(null);
                }
            } catch (IOException e) {
                // it ended
            } finally {
                ready.completeExceptionally(new IllegalStateException("the console ended"));
            }
        }

        AgentClient client() {
            return new AgentClient(ready.join());
        }

        List<ProcessRecord> awaitRunning(int count) {
            try (AgentClient client = new AgentClient(ready.join())) {
                return LifelineTest.awaitRunning(client, count);
            }
        }

        Optional<ProcessHandle> lifeline() {
            // Its command line from /proc: ProcessHandle.Info leaves out the arguments of a command line this long.
            return process.toHandle().children().filter(h -> {
                try {
                    return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
                            .contains("io.capstan.agent.lifeline.LifelineMain");
                } catch (IOException gone) {
                    return false;
                }
            }).findFirst();
        }

        void closeCleanly() throws Exception {
            OutputStream in = process.getOutputStream();
            in.write("close\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            closed.get(60, TimeUnit.SECONDS);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        /** SIGKILL (Process.destroyForcibly on Linux), and wait for it to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
