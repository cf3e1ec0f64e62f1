package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Slowloris against a real agent (decision record 116): sockets that open and send a request's head a byte at a
 * time hold nothing for long and never lock the operator out; a kept-alive connection and an open stream are left
 * alone; what was closed is counted and said once in the log, not once per socket.
 */
class SlowClientsTest {
    private static final int LIMIT = 16;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);

    private ScriptedAgent fx;
    private final List<Socket> sockets = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger guardLogger;

    @BeforeEach
    void start() {
        fx = ScriptedAgent.start(b -> b.maxConnections(LIMIT).requestHeadTimeout(HEAD_TIMEOUT));
        fx.catalog.add("shop", "web");
        guardLogger = (Logger) LoggerFactory.getLogger("io.capstan.agent.http.ConnectionGuard");
        log.start();
        guardLogger.addAppender(log);
    }

    @AfterEach
    void stop() {
        guardLogger.detachAppender(log);
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed by the agent
            }
        }
        fx.close();
    }

    private Socket slow() throws IOException {
        Socket s = new Socket("127.0.0.1", fx.agent().port());
        s.setSoTimeout(20);
        s.getOutputStream().write(RawHttp.SLOW_HEAD);
        s.getOutputStream().flush();
        sockets.add(s);
        return s;
    }

    private JsonNode connections() {
        return fx.http.get("/api/v1/info").body().path("connections");
    }

    @Test
    void slowSocketsNeverLockTheOperatorOutAndAreClosedAfterTheHeadTimeout() throws IOException {
        for (int i = 0; i < 3 * LIMIT; i++) slow();
        // The limit is full of slow sockets; the operator's request is still answered, at once.
        for (int i = 0; i < 5; i++) {
            Client.Answer info = fx.http.get("/api/v1/info");
            assertThat(info.status()).isEqualTo(200);
        }
        assertThat(connections().path("closedOverLimit").asLong()).as("older slow sockets made room").isGreaterThanOrEqualTo(2L * LIMIT);
        assertThat(connections().path("limit").asInt()).isEqualTo(LIMIT);

        // Trickling a byte at a time does not keep a socket: every one is closed once the head timeout passed.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> sockets.stream().allMatch(RawHttp::closedByAgent));
        assertThat(connections().path("closedSlow").asLong()).isPositive();
        assertThat(fx.http.get("/api/v1/deployments").status()).isEqualTo(200);

        // Said once, not once per socket.
        await().atMost(Duration.ofSeconds(5)).until(() -> !warnings().isEmpty());
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0).getFormattedMessage()).contains("slowloris").contains("at most once a minute");
    }

    @Test
    void anOpenStreamAndAKeptAliveConnectionAreNotTakenForSlowClients() throws IOException {
        try (Client.Stream events = fx.http.stream("/api/v1/events");
             Socket keptAlive = new Socket("127.0.0.1", fx.agent().port())) {
            assertThat(events.next().type()).isEqualTo("hello");
            keptAlive.setSoTimeout(20_000);
            String request = "GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + fx.agent().token() + "\r\n\r\n";
            keptAlive.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(keptAlive.getInputStream()).status()).isEqualTo(200);

            // Idle past the head timeout between requests: still open (pooled client connections are not cut).
            keptAlive.setSoTimeout(20);
            await().during(HEAD_TIMEOUT.plusSeconds(1)).atMost(HEAD_TIMEOUT.plusSeconds(5))
                    .until(() -> silentAndOpen(keptAlive));
            keptAlive.setSoTimeout(20_000);
            keptAlive.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(keptAlive.getInputStream()).status()).isEqualTo(200);

            // A flood of slow sockets past the limit takes neither the stream (a request in progress) nor the agent.
            for (int i = 0; i < 3 * LIMIT; i++) slow();
            fx.catalog.add("billing", "api");
            Client.Event e = events.next();
            while (!"billing".equals(e.json().path("deployment").path("name").asText())) e = events.next();
            assertThat(e.type()).isEqualTo("deployment");
        }
    }

    private static boolean silentAndOpen(Socket s) {
        try {
            s.getInputStream().read(); // an end of stream, or anything at all, is not a silent open connection
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<ILoggingEvent> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }
}
