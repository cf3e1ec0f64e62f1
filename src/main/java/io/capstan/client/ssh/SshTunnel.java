package io.capstan.client.ssh;

import io.capstan.client.SshRoute;
import io.capstan.client.sse.Backoff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSH tunnel to an agent, run by the system's own {@code ssh} (decision record 72: the user's keys, agent, known
 * hosts and config, exactly as their terminal uses them): {@code ssh -N -L 127.0.0.1:LOCAL:AGENTHOST:AGENTPORT}. The
 * local port is chosen once and kept for the tunnel's life, so clients built on {@link #localUrl()} keep working across
 * reopens and their streams simply resume. The tunnel is watched: when {@code ssh} exits (network gone, server
 * restarted, keep-alives unanswered) it is {@link State.Down} with {@code ssh}'s own last words, and reopened with the
 * client's backoff until {@link #close()}.
 *
 * <p>{@code ssh} runs with {@code BatchMode=yes}: nothing can answer a password or host-key prompt here, so an unknown
 * host key or a key that needs a passphrase fails at once with {@code ssh}'s message instead of hanging. Listener calls
 * run on the tunnel's thread ({@code capstan-ssh-<name>}), one at a time; they must not block.
 */
public final class SshTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);
    /** How long {@code ssh} may take to log in and listen. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(20);

    /** Where the tunnel is. */
    public sealed interface State {
        /** {@code ssh} is starting or logging in. */
        record Opening() implements State {
        }

        /** The local end listens and forwards to the agent's address on the SSH server. */
        record Open(int localPort) implements State {
        }

        /** {@code ssh} is not running: {@code reason} in plain words (its last message), next attempt at {@code nextTryAt}. */
        record Down(String reason, Instant nextTryAt) implements State {
        }

        /** Closed for good. */
        record Closed() implements State {
        }
    }

    private final String name;
    private final SshRoute route;
    private final String agentHost;
    private final int agentPort;
    private final String scheme;
    private final List<String> sshCommand;
    private final Consumer<State> listener;
    private final ScheduledExecutorService thread;
    private final Backoff backoff = Backoff.standard(Clock.systemUTC());
    private final int localPort;
    private volatile State state = new State.Opening();
    private final java.util.concurrent.CompletableFuture<State> firstSettled = new java.util.concurrent.CompletableFuture<>();
    private Process process;
    private ScheduledFuture<?> retry;
    private volatile boolean closed;

    /**
     * @param agentUrl the agent's address as the SSH server sees it ({@code http://127.0.0.1:7417})
     * @param sshCommand the program and any leading options ({@code ["ssh"]}; tests add {@code -F config})
     */
    public SshTunnel(String name, SshRoute route, String agentUrl, List<String> sshCommand, Consumer<State> listener) {
        this.name = Objects.requireNonNull(name);
        this.route = Objects.requireNonNull(route);
        URI uri = URI.create(agentUrl);
        this.scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        String h = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        this.agentHost = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        this.agentPort = uri.getPort() > 0 ? uri.getPort() : 7417;
        this.sshCommand = List.copyOf(sshCommand);
        this.listener = Objects.requireNonNull(listener);
        this.localPort = freePort();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-ssh-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the tunnel in the background (and keeps reopening it); watch {@link #state()} or the listener. */
    public void start() {
        thread.execute(this::open);
    }

    /** The agent's base URL through the tunnel: same scheme, {@code 127.0.0.1} and the local port. Fixed for life. */
    public String localUrl() {
        return scheme + "://127.0.0.1:" + localPort;
    }

    public State state() {
        return state;
    }

    /**
     * Blocks until the first attempt settles: open, down, or {@code timeout} passed (then Opening). For one-shot users
     * (a command-line call, "Test connection"); a console watches the listener instead.
     */
    public State awaitSettled(Duration timeout) throws InterruptedException {
        java.util.concurrent.CompletableFuture<State> settled = new java.util.concurrent.CompletableFuture<>();
        firstSettled.whenComplete((s, e) -> settled.complete(s));
        try {
            return settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return state;
        } catch (java.util.concurrent.ExecutionException e) {
            return state;
        }
    }

    /** The user's "reconnect now": a tunnel waiting to retry is opened at once. */
    public void reopenNow() {
        thread.execute(() -> {
            if (closed || !(state instanceof State.Down)) return;
            if (retry != null) retry.cancel(false);
            open();
        });
    }

    /** The running {@code ssh}'s process id, or -1 (tests cut the tunnel with it). */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** The command line {@code ssh} is started with: an argument vector, never a shell string. */
    List<String> command() {
        List<String> cmd = new ArrayList<>(sshCommand);
        cmd.addAll(List.of("-N", "-T", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3", "-o", "ConnectTimeout=10", "-L",
                "127.0.0.1:" + localPort + ":" + (agentHost.contains(":") ? "[" + agentHost + "]" : agentHost) + ":" + agentPort));
        if (route.port() > 0) cmd.addAll(List.of("-p", Integer.toString(route.port())));
        cmd.add("--"); // the destination can never be read as an option
        cmd.add(route.destination());
        return cmd;
    }

    private void open() {
        if (closed) return;
        set(new State.Opening());
        Process p;
        StringBuffer lastWords = new StringBuffer();
        try {
            p = new ProcessBuilder(command()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            down("cannot start ssh: " + e.getMessage());
            return;
        }
        process = p;
        Thread reader = new Thread(() -> readWords(p, lastWords), "capstan-ssh-out-" + name);
        reader.setDaemon(true);
        reader.start();
        p.onExit().thenRun(() -> thread.execute(() -> exited(p, lastWords)));
        long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
        // ssh listens on the local port only once it has logged in: a connect that succeeds means the tunnel is up.
        while (p.isAlive() && System.nanoTime() < deadline && !closed) {
            if (listening()) {
                backoff.connected();
                set(new State.Open(localPort));
                LOG.info("ssh tunnel {} open: {} -> {} -> {}:{}", name, localUrl(), route.destination(), agentHost, agentPort);
                return;
            }
            try {
                // The tunnel's own thread polls the port while ssh logs in (no callback exists for "ssh is listening").
                p.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (p.isAlive()) {
            lastWords.setLength(0);
            lastWords.append("ssh did not open the tunnel within ").append(OPEN_TIMEOUT.toSeconds()).append(" s");
            p.destroy();
        }
        // exited() reports it.
    }

    private void exited(Process p, StringBuffer lastWords) {
        if (p != process || closed) return;
        String words = lastWords.toString().trim();
        down(words.isEmpty() ? "ssh exited with code " + p.exitValue() : words);
    }

    private void down(String reason) {
        backoff.disconnected();
        Duration delay = backoff.nextDelay();
        set(new State.Down(reason, Instant.now().plus(delay)));
        LOG.warn("ssh tunnel {} down ({}); next try in {} ms", name, reason, delay.toMillis());
        retry = thread.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void readWords(Process p, StringBuffer lastWords) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                lastWords.setLength(0);
                lastWords.append(line.trim());
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void set(State s) {
        state = s;
        if (!(s instanceof State.Opening)) firstSettled.complete(s);
        try {
            listener.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("ssh tunnel listener failed", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for an SSH tunnel", e);
        }
    }

    /** Stops {@code ssh} and the watcher; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true; // seen at once by an open() polling on the tunnel's thread
        Process p = process;
        if (p != null) p.destroy();
        try {
            thread.submit(() -> {
                if (retry != null) retry.cancel(false);
                set(new State.Closed());
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("ssh tunnel {} closed while busy", name, e);
        }
        thread.shutdownNow();
        if (p != null) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
