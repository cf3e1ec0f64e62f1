package io.capstan.agent.http;

import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what clients that never finish a request can hold (decision record 116). Jetty parses request heads
 * without a thread, so a slowloris client (sockets opened, a header byte now and then) costs no thread, but it
 * keeps a socket and a file descriptor for as long as it trickles: Jetty's idle timeout restarts with every byte
 * and it has no deadline for a request's head. Two rules, on every HTTP connection (plain or TLS):
 *
 * <ul>
 *   <li>A connection must send its first request's head within {@code headTimeout} of opening, and every later
 *   head within {@code headTimeout} of its first byte; else it is closed. A kept-alive connection that sends
 *   nothing between requests is left to Jetty's idle timeout, so pooled client connections are not cut.</li>
 *   <li>Past {@code max} open connections, the connection that has waited longest for a request (never one with a
 *   request in progress, such as an open stream) is closed to make room: a newcomer, such as the operator's
 *   console, is served while an attacker holds sockets; refusing newcomers instead would lock the operator out.</li>
 * </ul>
 *
 * A Jetty {@code Connection.Listener} added to each connector; a daemon thread looks at the open connections four
 * times a second. What it closed is counted in {@code /info} and logged at most once a minute, never per socket.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SWEEP_MILLIS = 250;
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** When a connection opened, and since when it has been part-way through a request's head (0: it is not). */
    private static final class Watch {
        final long opened = System.nanoTime();
        volatile long headSince;
    }

    private final int max;
    private final long headNanos;
    private final Map<HttpConnection, Watch> open = new ConcurrentHashMap<>();
    private final AtomicLong closedSlow = new AtomicLong();
    private final AtomicLong closedOverLimit = new AtomicLong();
    private final ScheduledExecutorService sweeper;
    private long loggedSlow;
    private long loggedOverLimit;
    private long lastLog = System.nanoTime() - LOG_EVERY_NANOS;

    ConnectionGuard(int max, Duration headTimeout) {
        this.max = max;
        this.headNanos = headTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-http-guard");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    Messages.ConnectionCounts counts() {
        return new Messages.ConnectionCounts(open.size(), max, closedSlow.get(), closedOverLimit.get());
    }

    @Override
    public void onOpened(Connection connection) {
        // A TLS connection is an SslConnection carrying an HttpConnection; the HttpConnection is the one that parses.
        if (!(connection instanceof HttpConnection http)) return;
        open.put(http, new Watch());
        if (open.size() > max) makeRoom(http);
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) open.remove(http);
    }

    /** Closes the connection waiting longest for a request; the newcomer itself only when every other one is busy. */
    private void makeRoom(HttpConnection newcomer) {
        HttpConnection oldest = null;
        long oldestOpened = Long.MAX_VALUE;
        for (Map.Entry<HttpConnection, Watch> e : open.entrySet()) {
            if (e.getKey() == newcomer || !waitingForRequest(e.getKey())) continue;
            if (e.getValue().opened < oldestOpened) {
                oldest = e.getKey();
                oldestOpened = e.getValue().opened;
            }
        }
        closedOverLimit.incrementAndGet();
        close(oldest != null ? oldest : newcomer);
    }

    /** No request in progress: the parser waits for a head (nothing of it yet, or part of it). */
    private static boolean waitingForRequest(HttpConnection c) {
        return c.getParser().inHeaderState();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Map.Entry<HttpConnection, Watch> e : open.entrySet()) {
                HttpConnection c = e.getKey();
                Watch w = e.getValue();
                HttpParser parser = c.getParser();
                if (!parser.inHeaderState()) {
                    w.headSince = 0; // a request in progress (an open stream, a body being read): not ours to judge
                    continue;
                }
                long since;
                if (c.getMessagesIn() == 0) {
                    since = w.opened; // the first request's head is due from the moment the socket opened
                } else if (!parser.isStart()) {
                    if (w.headSince == 0) w.headSince = now;
                    since = w.headSince; // a later head is due from its first byte (as first seen here)
                } else {
                    w.headSince = 0; // kept alive between requests: Jetty's idle timeout decides
                    continue;
                }
                if (now - since > headNanos) {
                    closedSlow.incrementAndGet();
                    open.remove(c);
                    close(c);
                }
            }
            report(now);
        } catch (RuntimeException e) {
            LOG.warn("connection guard sweep failed", e);
        }
    }

    /** One line at most a minute, and only when something was closed since the last one: never one per socket. */
    private void report(long now) {
        long slow = closedSlow.get();
        long over = closedOverLimit.get();
        if ((slow == loggedSlow && over == loggedOverLimit) || now - lastLog < LOG_EVERY_NANOS) return;
        LOG.warn("closed {} connections that sent no complete request within {} ms and {} waiting for one while {} were "
                + "open (the limit); {} open now. Slow or idle clients, possibly a slowloris attack; said at most once a minute",
                slow - loggedSlow, TimeUnit.NANOSECONDS.toMillis(headNanos), over - loggedOverLimit, max, open.size());
        loggedSlow = slow;
        loggedOverLimit = over;
        lastLog = now;
    }

    private static void close(HttpConnection c) {
        try {
            c.getEndPoint().close();
        } catch (RuntimeException e) {
            LOG.debug("closing a connection failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
