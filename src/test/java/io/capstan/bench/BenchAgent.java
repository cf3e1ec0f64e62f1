package io.capstan.bench;

import io.capstan.client.AgentEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The parent's handle on a {@link BenchAgentMain} child JVM: starts it, waits for {@code ready}, sends commands,
 * hands its answers to the scenario, and stops it politely ({@link #close()}) or kills it ({@link #kill()}).
 */
final class BenchAgent implements AutoCloseable {

    /** How to start the child; {@link #restartOf} keeps the state folder, the port and the token. */
    record Options(Path state, int port, String token, int synthetic, int services, Path logs, int tailLines,
                   String heap, int maxStreams, List<String> jvm) {
        /** Job lines the agent holds in memory at its default (0 passes no {@code --tail-lines}). */
        static final int AGENT_DEFAULT = 0;

        static Options of(Path state) {
            return new Options(state, 0, UUID.randomUUID().toString(), 0, 4, null, AGENT_DEFAULT, "512m", 256, List.of());
        }

        /** The agent JVM's options instead of {@code -Xmx<heap>} (e.g. the launcher's). */
        Options jvm(List<String> options) {
            return new Options(state, port, token, synthetic, services, logs, tailLines, heap, maxStreams, List.copyOf(options));
        }

        /** The agent's own logs deployment, memory holding the agent's default lines of a job. */
        Options logs(Path folder) {
            return logs(folder, AGENT_DEFAULT);
        }

        Options synthetic(int count, int perDeployment) {
            return new Options(state, port, token, count, perDeployment, logs, tailLines, heap, maxStreams, jvm);
        }

        Options logs(Path folder, int retained) {
            return new Options(state, port, token, synthetic, services, folder, retained, heap, maxStreams, jvm);
        }

        Options heap(String max) {
            return new Options(state, port, token, synthetic, services, logs, tailLines, max, maxStreams, jvm);
        }

        Options port(int p) {
            return new Options(state, p, token, synthetic, services, logs, tailLines, heap, maxStreams, jvm);
        }

        Options maxStreams(int n) {
            return new Options(state, port, token, synthetic, services, logs, tailLines, heap, n, jvm);
        }
    }

    private final Options options;
    private final Process process;
    private final Writer commands;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final BlockingQueue<String[]> answers = new LinkedBlockingQueue<>();
    private volatile Consumer<String[]> onChanged = w -> { };
    private final long startedNanos;
    private String baseUrl;
    private long pid;

    private BenchAgent(Options options, Path log) throws IOException {
        this.options = options;
        List<String> cmd = new ArrayList<>(List.of(BenchContext.java()));
        if (options.jvm().isEmpty()) {
            cmd.add("-Xmx" + options.heap());
        } else {
            cmd.addAll(options.jvm());
        }
        cmd.addAll(List.of("-cp", BenchContext.classPath(), BenchAgentMain.class.getName(),
                "--state", options.state().toString(), "--port", Integer.toString(options.port()),
                "--token", options.token(), "--synthetic", Integer.toString(options.synthetic()),
                "--services", Integer.toString(options.services()),
                "--max-streams", Integer.toString(options.maxStreams())));
        if (options.tailLines() != Options.AGENT_DEFAULT) {
            cmd.add("--tail-lines");
            cmd.add(Integer.toString(options.tailLines()));
        }
        // For profiling the agent: -Dcapstan.bench.agentJvmArgs="-XX:StartFlightRecording=filename=agent.jfr"
        String extra = System.getProperty("capstan.bench.agentJvmArgs", "").trim();
        if (!extra.isEmpty()) cmd.addAll(1, List.of(extra.split("\\s+")));
        if (options.logs() != null) {
            cmd.add("--logs");
            cmd.add(options.logs().toString());
        }
        startedNanos = System.nanoTime();
        process = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "bench-agent-out");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the child and waits until it serves, or has died (its stderr says why): a JVM that is only slow to start on a
     * loaded machine is waited for, within a minute of a fair share of the machine ({@link FairShare}).
     */
    static BenchAgent start(Options options) throws Exception {
        BenchAgent a = new BenchAgent(options, options.state().resolveSibling(options.state().getFileName() + ".stderr.log"));
        try {
            Waits.untilOrFail(() -> a.ready.isDone() || !a.process.isAlive(), Duration.ofSeconds(60), "the agent JVM to serve");
            if (!a.ready.isDone()) throw new IllegalStateException("the agent JVM exited with " + a.process.waitFor());
            String[] w = a.ready.get().split(" ");
            a.baseUrl = w[0];
            a.pid = Long.parseLong(w[1]);
            return a;
        } catch (Exception e) {
            a.kill();
            throw new IllegalStateException("bench agent did not start (see " + options.state() + ".stderr.log)", e);
        }
    }

    /** A new agent over the same state folder, port and token: the same agent, restarted. */
    static BenchAgent restartOf(BenchAgent dead) throws Exception {
        return start(dead.options.port(dead.port()));
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("bench ")) continue;
                String[] w = line.substring(6).split(" ");
                switch (w[0]) {
                    case "ready" -> ready.complete(w[1] + " " + w[2]);
                    case "changed", "burst" -> onChanged.accept(w);
                    default -> answers.add(w);
                }
            }
        } catch (IOException e) {
            // the child died; whoever waits for an answer times out
        } finally {
            ready.completeExceptionally(new IllegalStateException("bench agent exited"));
        }
    }

    AgentEndpoint endpoint() {
        return new AgentEndpoint("bench", baseUrl, options.token());
    }

    String baseUrl() {
        return baseUrl;
    }

    String token() {
        return options.token();
    }

    int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    long pid() {
        return pid;
    }

    /** When the child process was started, by this JVM's nanoTime. */
    long startedNanos() {
        return startedNanos;
    }

    /** Receives {@code changed K NANOS} and {@code burst K NANOS} answers, on the reader thread. */
    void onChanged(Consumer<String[]> handler) {
        this.onChanged = handler;
    }

    void change(int deployment, long counter) {
        send("change " + deployment + " " + counter);
    }

    void burst(int count, long counter) {
        send("burst " + count + " " + counter);
    }

    /** Heap used after GC and resident set size, in bytes. */
    long[] memory() throws InterruptedException {
        send("mem");
        String[] w = answers.poll(60, TimeUnit.SECONDS);
        if (w == null || !w[0].equals("mem")) throw new IllegalStateException("no memory answer from the agent");
        return new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])};
    }

    private synchronized void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful close of streams or jobs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        try {
            send("quit");
        } catch (UncheckedIOException e) {
            // already going
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
