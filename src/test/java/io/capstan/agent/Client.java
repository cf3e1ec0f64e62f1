package io.capstan.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** A small test client: JSON calls and a line-by-line SSE reader over OkHttp. */
final class Client {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /**
     * No retries (a test sees exactly what the agent answered), so no connection may be reused after the agent's server
     * closed it as idle (Jetty's idle timeout, 30 s): a request on such a stale pooled connection fails with "unexpected
     * end of stream". A test that reads a big log on a socket of its own between two calls (EveryLineServedTest, a
     * minute under load) left one idle that long. Connections are kept idle 10 s at most.
     */
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
            .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS)).retryOnConnectionFailure(false).build();

    /** A status with its parsed JSON body (null when not JSON) and headers of interest. */
    record Answer(int status, JsonNode body, String contentType, String retryAfter, String location) {
    }

    /** One SSE event. */
    record Event(String type, String id, String data) {
        JsonNode json() {
            try {
                return ProtocolJson.mapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String base;
    private final String token;

    Client(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Request.Builder req(String path) {
        Request.Builder b = new Request.Builder().url(base + path);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    Answer get(String path) {
        return call(req(path).get().build());
    }

    Answer post(String path, String body) {
        return call(req(path).post(RequestBody.create(body, JSON)).build());
    }

    static Answer call(Request r) {
        try (Response res = HTTP.newCall(r).execute()) {
            String text = res.body().string();
            JsonNode node = null;
            String ct = res.header("Content-Type");
            if (ct != null && ct.startsWith("application/json")) node = ProtocolJson.mapper().readTree(text);
            return new Answer(res.code(), node, ct, res.header("Retry-After"), res.header("Location"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a job and returns its id. */
    String startJob(String path, String action) {
        Answer a = post(path, "{\"action\":\"" + action + "\"}");
        if (a.status() != 202) throw new AssertionError("expected 202, got " + a.status() + " " + a.body());
        return a.body().path("job").path("id").asText();
    }

    Stream stream(String path) {
        return stream(req(path).header("Accept", "text/event-stream").build());
    }

    Stream stream(Request r) {
        try {
            return new Stream(HTTP.newCall(r).execute());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An open SSE response read event by event. */
    static final class Stream implements AutoCloseable {
        final Response response;
        private final BufferedSource source;
        private final java.util.ArrayDeque<Event> expanded = new java.util.ArrayDeque<>();

        Stream(Response response) {
            this.response = response;
            this.source = response.body().source();
        }

        /**
         * The next event, or null at the end of the stream. Comments are skipped. A {@code lines} batch comes out as one
         * {@code line} event per line (id its seq, after the batch's epoch if it has one, data the
         * {@link io.capstan.protocol.Line} as JSON),
         * so tests speak about lines whatever the batching; {@link #nextRaw()} sees the batches.
         */
        Event next() {
            if (!expanded.isEmpty()) return expanded.poll();
            Event e = nextRaw();
            if (e == null || !e.type().equals("lines")) return e;
            int colon = e.id() == null ? -1 : e.id().lastIndexOf(':');
            String epoch = colon < 0 ? "" : e.id().substring(0, colon + 1);
            try {
                for (io.capstan.protocol.Line l : io.capstan.protocol.LineBatch.read(e.data())) {
                    expanded.add(new Event("line", epoch + l.seq(), ProtocolJson.mapper().writeValueAsString(l)));
                }
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            return expanded.poll();
        }

        /** The next event as the agent sent it. */
        Event nextRaw() {
            try {
                String type = "message";
                String id = null;
                StringBuilder data = null;
                while (true) {
                    String line = source.readUtf8Line();
                    if (line == null) return null;
                    if (line.isEmpty()) {
                        if (data != null) return new Event(type, id, data.toString());
                        continue;
                    }
                    if (line.startsWith(":")) continue;
                    int c = line.indexOf(':');
                    String field = c < 0 ? line : line.substring(0, c);
                    String value = c < 0 ? "" : line.substring(c + 1).startsWith(" ") ? line.substring(c + 2) : line.substring(c + 1);
                    switch (field) {
                        case "event" -> type = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every event up to the end of the stream. */
        List<Event> rest() {
            List<Event> out = new ArrayList<>();
            Event e;
            while ((e = next()) != null) out.add(e);
            return out;
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
