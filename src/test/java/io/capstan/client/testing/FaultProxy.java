package io.capstan.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A TCP proxy on loopback that injects the faults real networks have: cut every connection now, cut after N
 * bytes towards the client, pause and resume forwarding (a silent but open connection), forward one byte per write,
 * refuse new connections, hold the agent's answers, hold chosen requests (accepted, never answered). Each connection
 * uses two daemon threads named
 * {@code fault-proxy-*}; {@link #close()} ends them all.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicLong bytesDown = new AtomicLong();
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean holdingDown;
    private final AtomicInteger heldDown = new AtomicInteger();
    private volatile boolean oneBytePerWrite;
    private volatile boolean refusing;
    /** Requests whose request line holds this are held ({@link #holdRequests}); null: none. */
    private volatile String holdPath;
    private volatile boolean closed;
    private volatile LongSupplier cutPolicy = () -> -1;

    public FaultProxy(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Closes every open connection at once (both sides see a reset or EOF). */
    public void cutAll() {
        for (Link l : links) l.close(true);
    }

    /** Every open connection is cut after {@code n} more bytes towards the client. */
    public void cutAfter(long n) {
        for (Link l : links) l.budget.set(n);
    }

    /** For each new connection, how many bytes towards the client before it is cut (negative: never). */
    public void cutPolicy(LongSupplier bytesBeforeCut) {
        this.cutPolicy = bytesBeforeCut;
    }

    /** Stops forwarding in both directions; connections stay open and silent. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /**
     * While on, what the agent sends is read but not passed on: requests still reach the agent, and its answers wait
     * here (an answer on its way, held at a chosen point). {@link #heldAnswers()} counts the reads waiting.
     */
    public void holdAnswers(boolean on) {
        synchronized (pauseLock) {
            holdingDown = on;
            pauseLock.notifyAll();
        }
    }

    /** Reads from the agent waiting to be passed on because of {@link #holdAnswers}. */
    public int heldAnswers() {
        return heldDown.get();
    }

    public void oneBytePerWrite(boolean on) {
        oneBytePerWrite = on;
    }

    /**
     * While set, a request whose request line contains {@code pathPart} (a log stream's route, say) is not passed on:
     * its connection was accepted and stays open, and nothing answers it, as for a paused agent, an agent whose HTTP
     * threads are all busy, or a proxy that accepts and never answers. Other requests, and the connections already
     * streaming (the event stream), go on. A held request stays held, whatever the agent does with the idle connection
     * behind it (its guard closes one that sends no request head), until {@link #answerHeld}: the client then tries
     * again, held again unless holding was stopped (null). Works on a request's first bytes: plain HTTP/1.1 only.
     */
    public void holdRequests(String pathPart) {
        holdPath = pathPart;
    }

    /** Requests held now by {@link #holdRequests}. */
    public int heldRequests() {
        return (int) links.stream().filter(l -> l.held).count();
    }

    /**
     * Answers the held requests as a proxy that gave up waiting would ("504 Gateway Timeout"), and closes their
     * connections: a failed try the client reports (a cut would not be: OkHttp tries a request on another connection
     * by itself when its connection ends before an answer). An error answer is no contact with the agent.
     */
    public void answerHeld(int code, String reason) {
        byte[] answer = ("HTTP/1.1 " + code + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (Link l : links) {
            if (l.held) {
                try {
                    l.client.getOutputStream().write(answer);
                    l.client.getOutputStream().flush();
                } catch (IOException e) {
                    // closed meanwhile: the client sees that instead
                }
                l.close(true);
            }
        }
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
    }

    /** New connections are accepted and closed at once, as a stopped agent's port would refuse them. */
    public void refuseNewConnections(boolean on) {
        refusing = on;
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections ended by a cut (cutAll or a byte budget). */
    public int cuts() {
        return cuts.get();
    }

    public long bytesToClient() {
        return bytesDown.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        resume();
        for (Link l : links) l.close(false);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            accepted.incrementAndGet();
            try {
                // no Nagle: one byte per write must leave as one segment
                client.setTcpNoDelay(true);
                Socket up = new Socket();
                up.setTcpNoDelay(true);
                up.connect(upstream, 2000);
                Link link = new Link(client, up, cutPolicy.getAsLong());
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void awaitResumed() throws InterruptedException {
        synchronized (pauseLock) {
            while (paused && !closed) pauseLock.wait();
        }
    }

    private void awaitAnswersPassed() throws InterruptedException {
        synchronized (pauseLock) {
            if (!holdingDown || closed) return;
            heldDown.incrementAndGet();
            try {
                while (holdingDown && !closed) pauseLock.wait();
            } finally {
                heldDown.decrementAndGet();
            }
        }
    }

    /** Holds a request going up whose request line contains {@link #holdPath} until released or cut. */
    private void awaitRequestPassed(Link link, byte[] buf, int n) throws InterruptedException {
        String path = holdPath;
        if (path != null && !link.held) {
            String head = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = head.indexOf('\r');
            String requestLine = end < 0 ? head : head.substring(0, end);
            link.held = requestLine.contains(" HTTP/") && requestLine.contains(path);
        }
        awaitCutIfHeld(link);
    }

    /** While {@code link} holds a request: until it is cut (or the proxy closed). */
    private void awaitCutIfHeld(Link link) throws InterruptedException {
        synchronized (pauseLock) {
            while (link.held && !closed && link.closedFlag.get() == 0) pauseLock.wait();
        }
    }

    private final class Link {
        /** A request of this connection is held ({@link #holdRequests}). */
        volatile boolean held;
        final Socket client;
        final Socket up;
        final AtomicLong budget;
        final AtomicInteger closedFlag = new AtomicInteger();

        Link(Socket client, Socket up, long budget) {
            this.client = client;
            this.up = up;
            this.budget = new AtomicLong(budget);
        }

        void start() {
            thread(() -> pump(client, up, false), "fault-proxy-up");
            thread(() -> pump(up, client, true), "fault-proxy-down");
        }

        private void thread(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }

        void pump(Socket from, Socket to, boolean down) {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) != -1) {
                    awaitResumed();
                    if (down) awaitAnswersPassed();
                    else awaitRequestPassed(this, buf, n);
                    int off = 0;
                    while (off < n) {
                        int len = oneBytePerWrite ? 1 : n - off;
                        if (down) {
                            long b = budget.get();
                            if (b >= 0 && len > b) len = (int) b;
                            if (b == 0) {
                                close(true);
                                return;
                            }
                        }
                        out.write(buf, off, len);
                        out.flush();
                        off += len;
                        if (down) {
                            bytesDown.addAndGet(len);
                            long b = budget.get();
                            if (b >= 0) {
                                budget.set(b - len);
                                if (b - len == 0) {
                                    close(true);
                                    return;
                                }
                            }
                        }
                        awaitResumed();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // connection ended
            } finally {
                if (down) {
                    try {
                        awaitCutIfHeld(this); // the agent gave up on the idle connection; the client must not know
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                close(false);
            }
        }

        void close(boolean cut) {
            if (closedFlag.getAndIncrement() == 0) {
                if (cut) cuts.incrementAndGet();
                closeQuietly(client);
                closeQuietly(up);
                links.remove(this);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
