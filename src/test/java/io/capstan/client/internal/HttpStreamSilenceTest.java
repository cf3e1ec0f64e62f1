package io.capstan.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.testing.TestSseServer;
import io.capstan.protocol.Messages;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's silence window is the socket's own read timeout (decision record 118), not OkHttp's read timeout with
 * its watchdog: a stream that goes quiet still fails with a timeout (failure row 6), and the window does not stay on a
 * pooled connection that an ordinary call takes next.
 */
class HttpStreamSilenceTest {
    /** Long enough that a loaded machine's server thread answers the head within it, short enough for a test. */
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private final TestSseServer server = new TestSseServer();
    private final Http http = new Http(new AgentEndpoint("test", server.url(), "t0ken"));

    HttpStreamSilenceTest() throws Exception {
    }

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    @Test
    void aQuietStreamFailsWithATimeout() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        server.handler(e -> {
            e.startStream().write(": ok\n\n").flush();
            released.await(30, TimeUnit.SECONDS); // then silence: no byte, the connection open
        });
        OkHttpClient client = http.streamClient(SILENCE);
        assertThat(client.readTimeoutMillis()).as("no okio watchdog on every read").isZero();
        try (Response r = client.newCall(http.streamRequest("/events", Map.of(), null)).execute();
             InputStream in = r.body().byteStream()) {
            byte[] buf = new byte[1024];
            assertThatThrownBy(() -> {
                while (in.read(buf) >= 0) {
                    // the comment, then nothing until the socket's timeout
                }
            }).isInstanceOf(SocketTimeoutException.class);
        } finally {
            released.countDown();
        }
    }

    @Test
    void anOrdinaryCallOnThePooledConnectionKeepsItsOwnTimeout() throws Exception {
        server.handler(e -> {
            if (e.path().endsWith("/events")) {
                e.startStream().write(": ok\n\nevent: hello\ndata: {}\n\n").end(); // a whole stream, the connection kept
            } else {
                Thread.sleep(SILENCE.toMillis() * 3 / 2); // a slow answer: longer than the stream's silence window
                e.respond(200, "application/json", "{\"status\":\"ok\"}");
            }
        });
        try (Response r = http.streamClient(SILENCE).newCall(http.streamRequest("/events", Map.of(), null)).execute()) {
            assertThat(r.body().string()).contains("hello");
        }
        assertThat(http.okHttp().connectionPool().idleConnectionCount()).as("the stream's connection is pooled").isEqualTo(1);
        assertThat(http.get("/health", Map.of(), Messages.Health.class).status()).isEqualTo("ok");
    }
}
