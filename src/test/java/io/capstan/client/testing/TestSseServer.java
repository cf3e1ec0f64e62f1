package io.capstan.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server for client tests; each request goes to the {@link Handler} the test sets, on its own
 * daemon thread, so a handler may hold a stream open. {@link #requests()} records what arrived.
 */
public final class TestSseServer implements AutoCloseable {

    /** Answers one request. */
    public interface Handler {
        void handle(Exchange exchange) throws IOException, InterruptedException;
    }

    /** What the test saw of a request. */
    public record Received(String path, String query, String lastEventId, String authorization, String accept) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    private volatile Handler handler = e -> e.respond(404, "application/json", "{\"error\":{\"code\":\"not_found\"}}");

    public TestSseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-sse-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            Exchange e = new Exchange(ex);
            requests.add(new Received(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Last-Event-ID"), ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Accept")));
            try {
                handler.handle(e);
            } catch (IOException | InterruptedException ignored) {
                // the client went away or the test ended
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    public void handler(Handler h) {
        this.handler = h;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public BlockingQueue<Received> requests() {
        return requests;
    }

    public Received takeRequest() throws InterruptedException {
        Received r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no request arrived");
        return r;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One request and its response. */
    public static final class Exchange {
        private final HttpExchange ex;
        private OutputStream stream;

        Exchange(HttpExchange ex) {
            this.ex = ex;
        }

        public String path() {
            return ex.getRequestURI().getPath();
        }

        public String query() {
            return ex.getRequestURI().getRawQuery();
        }

        public String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        /** A long query parameter, or {@code dflt}. */
        public long queryLong(String name, long dflt) {
            String q = query();
            if (q == null) return dflt;
            for (String p : q.split("&")) {
                if (p.startsWith(name + "=")) return Long.parseLong(p.substring(name.length() + 1));
            }
            return dflt;
        }

        public void respond(int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        /** A JSON answer with one extra header (for instance {@code Retry-After}). */
        public void respondWithHeader(int status, String header, String value, String json) throws IOException {
            ex.getResponseHeaders().set(header, value);
            respond(status, "application/json", json);
        }

        /** Starts an SSE answer (200, text/event-stream) and writes the first comment at once. */
        public Exchange startStream() throws IOException {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            stream = ex.getResponseBody();
            write(": open\n\n");
            return this;
        }

        public Exchange event(String id, String type, String data) throws IOException {
            StringBuilder b = new StringBuilder();
            if (id != null) b.append("id: ").append(id).append('\n');
            if (type != null) b.append("event: ").append(type).append('\n');
            b.append("data: ").append(data).append("\n\n");
            return write(b.toString());
        }

        /** One {@code lines} event (the agent's batch encoding) holding {@code lines}, consecutive. */
        public Exchange lines(String id, io.capstan.protocol.Line... lines) throws IOException {
            stream.write(linesEvent(id, java.util.List.of(lines)));
            stream.flush();
            return this;
        }

        public Exchange write(String raw) throws IOException {
            stream.write(raw.getBytes(StandardCharsets.UTF_8));
            stream.flush();
            return this;
        }

        /** Writes without flushing; for servers producing a lot at once. */
        public Exchange append(byte[] raw) throws IOException {
            stream.write(raw);
            return this;
        }

        public void flush() throws IOException {
            stream.flush();
        }

        public void end() throws IOException {
            stream.close();
        }
    }

    /** The bytes of one {@code lines} event as the agent writes it: id, name, the batch's data fields, blank line. */
    public static byte[] linesEvent(String id, java.util.List<io.capstan.protocol.Line> lines) {
        com.fasterxml.jackson.core.util.ByteArrayBuilder b = new com.fasterxml.jackson.core.util.ByteArrayBuilder();
        b.write(("id: " + id + "\nevent: lines\n").getBytes(StandardCharsets.US_ASCII));
        io.capstan.protocol.LineBatch.writeData(lines, b);
        b.append('\n');
        return b.toByteArray();
    }
}
