package io.capstan.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.Backoff;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.ManualScheduler;
import io.capstan.client.testing.TestSseServer;
import io.capstan.protocol.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failure rows 1-6 against a real in-test server, through a fault proxy where the network matters. */
class EventSubscriptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HELLO = "{\"agent\":\"a\",\"epoch\":\"e1\",\"seq\":5,\"resumed\":false}";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Recorder recorder = new Recorder();
    private final CountDownLatch release = new CountDownLatch(1);
    private TestSseServer server;
    private FaultProxy proxy;
    private AgentClient client;
    private EventSubscription sub;

    /** Records everything the subscription reports. */
    static final class Recorder implements EventSubscription.Listener {
        final List<StreamState> states = new CopyOnWriteArrayList<>();
        final List<Messages.Hello> hellos = new CopyOnWriteArrayList<>();
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onState(StreamState state) {
            states.add(state);
        }

        @Override
        public void onHello(Messages.Hello hello) {
            hellos.add(hello);
        }

        @Override
        public void onDeployment(Messages.DeploymentEvent event) {
            events.add(event);
        }

        @Override
        public void onJob(Messages.JobEvent event) {
            events.add(event);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        server = new TestSseServer();
        proxy = new FaultProxy(server.port());
    }

    @AfterEach
    void tearDown() throws IOException {
        release.countDown();
        if (sub != null) sub.close();
        if (client != null) client.close();
        proxy.close();
        server.close();
    }

    private Backoff noJitter() {
        return new Backoff(Backoff.FIRST, Backoff.CAP, 0.0, Backoff.HEALTHY_AFTER, scheduler.clock(), () -> 0.0);
    }

    private void subscribe(String baseUrl, Duration silence) {
        client = new AgentClient(new AgentEndpoint("test", baseUrl, "tok"));
        sub = new EventSubscription(client, recorder, silence, scheduler, noJitter());
        sub.start();
    }

    /** Serves hello (and an event with an id), then pings every 100 ms until released. */
    private void liveStream(TestSseServer.Exchange e) throws IOException, InterruptedException {
        e.startStream().event(null, "hello", HELLO);
        e.event("e1:6", "deployment", "{\"seq\":6,\"deployment\":{\"name\":\"shop\",\"status\":\"running\"}}");
        while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
        e.end();
    }

    private StreamState awaitState(Predicate<StreamState> p) {
        await().atMost(WAIT).until(() -> p.test(sub.state()));
        return sub.state();
    }

    private static Predicate<StreamState> waiting(int attempt) {
        return s -> s instanceof StreamState.WaitingToRetry w && w.attempt() == attempt;
    }

    private static boolean live(StreamState s) {
        return s instanceof StreamState.Live;
    }

    @Test
    void backoffNeverExceedsCap() {
        server.handler(e -> e.respond(503, "text/html", "<html>down</html>"));
        subscribe(server.url(), Duration.ofSeconds(5));
        for (int attempt = 1; attempt <= 9; attempt++) {
            awaitState(waiting(attempt));
            scheduler.runNext();
        }
        awaitState(waiting(10));
        assertThat(scheduler.delays()).extracting(Duration::toMillis)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
    }

    @Test
    void backoffResetsAfterHealthyConnection() {
        AtomicInteger n = new AtomicInteger();
        CountDownLatch drop = new CountDownLatch(1);
        server.handler(e -> {
            if (n.incrementAndGet() <= 5) {
                e.respond(503, "application/json", "{\"error\":{\"code\":\"unavailable\",\"message\":\"starting\"}}");
                return;
            }
            e.startStream().event(null, "hello", HELLO);
            while (!drop.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
            e.end();
        });
        subscribe(server.url(), Duration.ofSeconds(5));
        for (int attempt = 1; attempt <= 5; attempt++) {
            awaitState(waiting(attempt));
            scheduler.runNext();
        }
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 1);
        scheduler.mutableClock().advance(Duration.ofSeconds(3));
        drop.countDown();
        StreamState s = awaitState(waiting(1));
        assertThat(((StreamState.WaitingToRetry) s).nextTryAt()).isEqualTo(scheduler.clock().instant().plusMillis(500));
        List<Duration> delays = scheduler.delays();
        assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void htmlErrorPageIsAFailedAttempt() {
        AtomicInteger n = new AtomicInteger();
        server.handler(e -> {
            switch (n.incrementAndGet()) {
                case 1 -> e.respond(503, "text/html", "<html><body>Service Unavailable</body></html>");
                case 2 -> e.respond(200, "text/html", "<html>\ndata: {\"seq\":1}\n\n</html>");
                default -> liveStream(e);
            }
        });
        subscribe(server.url(), Duration.ofSeconds(5));
        StreamState first = awaitState(waiting(1));
        assertThat(((StreamState.WaitingToRetry) first).cause()).contains("503");
        scheduler.runNext();
        StreamState second = awaitState(waiting(2));
        assertThat(((StreamState.WaitingToRetry) second).cause()).contains("not an event stream").contains("text/html");
        scheduler.runNext();
        await().atMost(WAIT).until(() -> recorder.events.size() == 1);
        assertThat(recorder.hellos).hasSize(1);
        assertThat(sub.state()).isInstanceOf(StreamState.Live.class);
    }

    @Test
    void agentRestartOnSameAddressIsLiveWithinTheStepAndReconnectNowIsImmediate() {
        server.handler(this::liveStream);
        subscribe(proxy.url(), Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 1);
        // the agent goes away and its port refuses connections for a while
        proxy.refuseNewConnections(true);
        proxy.cutAll();
        awaitState(waiting(1));
        scheduler.runNext();
        awaitState(waiting(2));
        // the agent is back on the same address: the next step connects
        proxy.refuseNewConnections(false);
        scheduler.runNext();
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 2);
        assertThat(sub.state()).isInstanceOf(StreamState.Live.class);
        // cut again; the user does not wait for the step
        proxy.cutAll();
        awaitState(s -> s instanceof StreamState.WaitingToRetry);
        sub.reconnectNow();
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 3);
        assertThat(scheduler.pending()).as("the skipped wait is cancelled").isZero();
    }

    @Test
    void closeWhileAReconnectIsScheduledTwiceLeaksNoThread() {
        server.handler(e -> e.respond(503, "text/html", "<html>down</html>"));
        client = new AgentClient(new AgentEndpoint("leakcheck", server.url(), "tok"));
        sub = new EventSubscription(client, recorder, Duration.ofSeconds(5), null, null);
        sub.start();
        await().atMost(WAIT).until(() -> recorder.states.stream().filter(s -> s instanceof StreamState.Connecting).count() >= 2);
        awaitState(s -> s instanceof StreamState.WaitingToRetry);
        sub.close();
        sub.close();
        assertThat(sub.state()).isEqualTo(new StreamState.Stopped(StreamState.StopReason.CLOSED, "closed"));
        client.close();
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive()
                        && (t.getName().startsWith("capstan-events-leakcheck") || t.getName().startsWith("OkHttp http"))));
        long stopped = recorder.states.stream().filter(s -> s instanceof StreamState.Stopped).count();
        assertThat(stopped).isEqualTo(1);
    }

    @Test
    void silentConnectionIsDeclaredDeadAndRetriedWithLastEventId() throws InterruptedException {
        server.handler(this::liveStream);
        subscribe(proxy.url(), Duration.ofMillis(300));
        await().atMost(WAIT).until(() -> recorder.events.size() == 1);
        assertThat(server.takeRequest().lastEventId()).isNull();
        proxy.pause();
        StreamState s = awaitState(waiting(1));
        assertThat(((StreamState.WaitingToRetry) s).cause()).startsWith("timed out");
        proxy.resume();
        scheduler.runNext();
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 2);
        assertThat(server.takeRequest().lastEventId()).isEqualTo("e1:6");
        assertThat(sub.lastEventId()).isEqualTo("e1:6");
    }

    @Test
    void unauthorizedStopsWithoutRetry() {
        server.handler(e -> e.respond(401, "application/json", "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no\"}}"));
        subscribe(server.url(), Duration.ofSeconds(5));
        StreamState s = awaitState(x -> x instanceof StreamState.Stopped);
        assertThat(((StreamState.Stopped) s).reason()).isEqualTo(StreamState.StopReason.UNAUTHORIZED);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void notFoundStopsWithoutRetry() {
        server.handler(e -> e.respond(404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}"));
        subscribe(server.url(), Duration.ofSeconds(5));
        StreamState s = awaitState(x -> x instanceof StreamState.Stopped);
        assertThat(((StreamState.Stopped) s).reason()).isEqualTo(StreamState.StopReason.NOT_FOUND);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void badJsonInAnEventIsAFailedAttemptNotAnEvent() {
        server.handler(e -> {
            e.startStream().event(null, "hello", HELLO).event("e1:6", "deployment", "{\"seq\": 6, \"deployment\": {");
            while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
        });
        subscribe(server.url(), Duration.ofSeconds(5));
        StreamState s = awaitState(waiting(1));
        assertThat(((StreamState.WaitingToRetry) s).cause()).contains("unexpected content");
        assertThat(recorder.events).isEmpty();
        assertThat(sub.lastEventId()).isNull();
    }

    @Test
    void tooManyStreamsHonoursRetryAfterWithinTheCap() {
        server.handler(e -> e.respondWithHeader(503, "Retry-After", "7",
                "{\"error\":{\"code\":\"unavailable\",\"message\":\"too many streams\"}}"));
        subscribe(server.url(), Duration.ofSeconds(5));
        awaitState(waiting(1));
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void closeWhileLiveEndsTheReaderAndReportsStoppedOnce() {
        server.handler(this::liveStream);
        subscribe(server.url(), Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> recorder.hellos.size() == 1);
        sub.close();
        sub.close();
        sub.reconnectNow();
        assertThat(recorder.states.stream().filter(s -> s instanceof StreamState.Stopped).count()).isEqualTo(1);
        assertThat(scheduler.pending()).isZero();
        client.close();
        await().atMost(WAIT).until(() -> client.transport().okHttp().dispatcher().runningCallsCount() == 0);
    }
}
