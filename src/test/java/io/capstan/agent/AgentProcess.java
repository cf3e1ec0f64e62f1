package io.capstan.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code capstan agent --root R --state-dir S --port 0} in a JVM of its own, so a test can kill it for real (SIGKILL:
 * no shutdown hook, no close; SIGTERM: the launcher's shutdown hook) and start it again over the same folders.
 */
final class AgentProcess implements AutoCloseable {
    private static final String LISTENING = "capstan agent listening on ";

    final Process process;
    private final Path stderr;
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final StringBuffer out = new StringBuffer();

    private AgentProcess(Path root, Path state, Path stderr) throws IOException {
        this.stderr = stderr;
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", classPath(), "io.capstan.cli.Main", "agent",
                "--root", root.toString(), "--state-dir", state.toString(), "--port", "0"));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        process.getOutputStream().close();
        Thread reader = new Thread(this::read, "agent-process-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts an agent and waits until it listens. */
    static AgentProcess start(Path root, Path state, Path stderr) throws Exception {
        AgentProcess a = new AgentProcess(root, state, stderr);
        try {
            a.url.get(90, TimeUnit.SECONDS);
            return a;
        } catch (Exception e) {
            a.process.destroyForcibly();
            throw new IllegalStateException("agent did not start; stderr: " + Files.readString(stderr), e);
        }
    }

    /** Starts an agent that is expected to refuse: returns its exit code once it ended. */
    static int refused(Path root, Path state, Path stderr) throws Exception {
        AgentProcess a = new AgentProcess(root, state, stderr);
        if (!a.process.waitFor(90, TimeUnit.SECONDS)) {
            a.process.destroyForcibly();
            throw new AssertionError("the second agent did not exit; it said: " + a.out);
        }
        return a.process.exitValue();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith(LISTENING)) url.complete(line.substring(LISTENING.length()).trim());
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            url.completeExceptionally(new IllegalStateException("agent exited: " + out));
        }
    }

    String baseUrl() {
        return url.join();
    }

    Client client(Path state) throws IOException {
        return new Client(baseUrl(), Files.readString(state.resolve(Agent.TOKEN_FILE)).trim());
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; true when it exited within {@code seconds}. */
    boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && !terminate(30)) kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
