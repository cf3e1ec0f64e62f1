package io.capstan.agent.compose;

import io.capstan.agent.backend.LineSink;
import io.capstan.agent.process.LinePump;
import io.capstan.agent.process.ProcessTree;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one service's container log into the service's runtime log ({@code docker logs --follow --timestamps}),
 * on its own daemon thread. A {@code docker logs --follow} ends when its container stops; the next
 * {@link #follow} (a container of the service started) attaches again with {@code --since} the last line's
 * timestamp, per stream dropping anything at or before the last line already passed on, so a restarted or
 * recreated container continues the log with no line lost or repeated. The first attachment after the agent
 * opens the deployment shows the last {@value #TAIL} lines the container wrote before.
 */
final class ContainerLogFollower implements AutoCloseable {
    static final int TAIL = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogFollower.class);

    private final ComposeCli cli;
    private final String service;
    private final LineSink log;
    private final Thread thread;
    private final AtomicReference<Instant> lastOut = new AtomicReference<>();
    private final AtomicReference<Instant> lastErr = new AtomicReference<>();
    private String pending;
    private boolean pendingInitial;
    private String attached;
    private Process current;
    private boolean closed;

    ContainerLogFollower(ComposeCli cli, String service, LineSink log) {
        this.cli = cli;
        this.service = service;
        this.log = log;
        this.thread = new Thread(this::run, "capstan-compose-logs-" + service);
        thread.setDaemon(true);
        thread.start();
    }

    /** The container the service now runs in; {@code initial} for one found when the deployment was opened. */
    synchronized void follow(String containerId, boolean initial) {
        if (closed || containerId == null) return;
        if (containerId.equals(attached) && current != null && current.isAlive()) return;
        pending = containerId;
        pendingInitial = initial;
        notifyAll();
    }

    private void run() {
        while (true) {
            String id;
            boolean initial;
            synchronized (this) {
                try {
                    while (pending == null && !closed) wait();
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) return;
                id = pending;
                initial = pendingInitial;
                pending = null;
            }
            try {
                attach(id, initial);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot follow the log of {} ({}): {}", service, id, e.toString());
            }
        }
    }

    private void attach(String id, boolean initial) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("logs", "--follow", "--timestamps"));
        Instant since = earliest(lastOut.get(), lastErr.get());
        if (since != null) {
            args.add("--since");
            args.add(since.getEpochSecond() + "." + String.format("%09d", since.getNano()));
        } else if (initial) {
            args.add("--tail");
            args.add(Integer.toString(TAIL));
        }
        args.add(id);
        Process p;
        synchronized (this) {
            if (closed) return;
            p = CliCommand.builder(cli.docker(args), null, cli.env()).start();
            current = p;
            attached = id;
        }
        p.getOutputStream().close();
        Thread o = LinePump.start("capstan-compose-log-out-" + service, p.getInputStream(), LineStream.STDOUT,
                (stream, text) -> pass(stream, text, lastOut));
        Thread e = LinePump.start("capstan-compose-log-err-" + service, p.getErrorStream(), LineStream.STDERR,
                (stream, text) -> pass(stream, text, lastErr));
        p.waitFor();
        o.join(2000);
        e.join(2000);
    }

    /** {@code <RFC 3339 timestamp> <text>}; anything else is the CLI speaking and is shown as the agent's line. */
    private void pass(LineStream stream, String line, AtomicReference<Instant> last) {
        int space = line.indexOf(' ');
        Instant ts = null;
        if (space > 0) {
            try {
                ts = Instant.parse(line.substring(0, space));
            } catch (DateTimeParseException e) {
                ts = null;
            }
        }
        if (ts == null) {
            if (!line.isBlank()) log.system("docker logs: " + line);
            return;
        }
        Instant prev = last.get();
        if (prev != null && !ts.isAfter(prev)) return;
        last.set(ts);
        log.line(stream, line.substring(space + 1));
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closed = true;
            p = current;
            notifyAll();
        }
        if (p != null) ProcessTree.kill(ProcessTree.of(p.toHandle()));
        thread.interrupt();
    }
}
