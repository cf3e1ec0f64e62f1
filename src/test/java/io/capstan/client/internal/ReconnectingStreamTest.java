package io.capstan.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.ManualScheduler;
import io.capstan.client.testing.TestSseServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport on its own: what counts as a stream, and what the controls do while live. */
class ReconnectingStreamTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final List<StreamState> states = new CopyOnWriteArrayList<>();
    private TestSseServer server;
    private AgentClient client;
    private ReconnectingStream stream;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestSseServer();
        client = new AgentClient(new AgentEndpoint("t", server.url(), "tok"));
        Backoff backoff = new Backoff(Backoff.FIRST, Backoff.CAP, 0.0, Backoff.HEALTHY_AFTER, scheduler.clock(), () -> 0.0);
        stream = new ReconnectingStream(client.transport().streamClient(Duration.ofSeconds(5)), scheduler, backoff,
                new ReconnectingStream.Handler() {
                    @Override
                    public okhttp3.Request request() {
                        return client.transport().streamRequest("/events", java.util.Map.of(), null);
                    }

                    @Override
                    public void onEvent(SseEvent event, ReconnectingStream.Control control) {
                        events.add(event);
                        if ("end".equals(event.type())) control.finish("done");
                    }
                }, states::add);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        stream.close();
        client.close();
        server.close();
    }

    private void holdOpen(TestSseServer.Exchange e) throws IOException, InterruptedException {
        while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
    }

    @Test
    void successOtherThan200IsAFailedAttempt() {
        server.handler(e -> e.respond(204, "text/event-stream", ""));
        stream.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() instanceof StreamState.WaitingToRetry);
        assertThat(((StreamState.WaitingToRetry) stream.state()).cause()).contains("204");
    }

    @Test
    void reconnectNowWhileLiveOpensNoSecondConnection() {
        server.handler(e -> {
            e.startStream().event("1", "x", "{}");
            holdOpen(e);
        });
        stream.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
        stream.reconnectNow();
        stream.start();
        assertThat(server.requests()).hasSize(1);
        assertThat(stream.state()).isInstanceOf(StreamState.Live.class);
    }

    @Test
    void finishStopsWithoutRetryAndStatesArriveInOrder() {
        server.handler(e -> {
            e.startStream().event("1", "end", "{}");
            holdOpen(e);
        });
        stream.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() instanceof StreamState.Stopped);
        assertThat(states).containsExactly(new StreamState.Connecting(1), new StreamState.Live(),
                new StreamState.Stopped(StreamState.StopReason.ENDED, "done"));
        assertThat(scheduler.pending()).isZero();
    }
}
