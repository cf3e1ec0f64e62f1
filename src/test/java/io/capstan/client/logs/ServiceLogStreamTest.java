package io.capstan.client.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.Backoff;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.ManualScheduler;
import io.capstan.client.testing.TestSseServer;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ProtocolJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Service logs resume by {@code <epoch>:<seq>} and survive an agent restart. */
class ServiceLogStreamTest {
    private static final ObjectMapper MAPPER = ProtocolJson.mapper();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> epochs = new CopyOnWriteArrayList<>();
    private TestSseServer server;
    private FaultProxy proxy;
    private AgentClient client;
    private ServiceLogStream stream;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestSseServer();
        proxy = new FaultProxy(server.port());
        client = new AgentClient(new AgentEndpoint("t", proxy.url(), "tok"));
    }

    @AfterEach
    void tearDown() throws IOException {
        release.countDown();
        if (stream != null) stream.close();
        client.close();
        proxy.close();
        server.close();
    }

    private static Line line(long seq, String text) {
        return new Line(seq, Instant.EPOCH, LineStream.STDOUT, text);
    }

    @Test
    void resumesWithinAnEpochWithoutRepeatsAndStartsAfreshInANewOne() throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        server.handler(e -> {
            int c = n.incrementAndGet();
            e.startStream();
            if (c == 1) {
                e.lines("e1:2", line(1, "a"), line(2, "b"));
            } else if (c == 2) {
                // a server that repeats line 2 must not make the view show it twice
                e.lines("e1:3", line(2, "b"), line(3, "c"));
            } else {
                e.lines("e2:1", line(1, "after restart"));
            }
            while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
        });
        Backoff backoff = new Backoff(Backoff.FIRST, Backoff.CAP, 0.0, Backoff.HEALTHY_AFTER, scheduler.clock(), () -> 0.0);
        stream = new ServiceLogStream(client, "shop", "web", 50, new ServiceLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                lines.add(line.text());
            }

            @Override
            public void onNewEpoch(String epoch) {
                epochs.add(epoch);
            }
        }, Duration.ofSeconds(5), scheduler, backoff);
        stream.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 2);
        TestSseServer.Received first = server.takeRequest();
        assertThat(first.path()).isEqualTo("/api/v1/deployments/shop/services/web/logs");
        assertThat(first.query()).isEqualTo("tail=50");
        assertThat(first.lastEventId()).isNull();
        proxy.cutAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.pending() == 1);
        scheduler.runNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 3);
        assertThat(server.takeRequest().lastEventId()).isEqualTo("e1:2");
        proxy.cutAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.pending() == 1);
        scheduler.runNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 4);
        assertThat(server.takeRequest().lastEventId()).isEqualTo("e1:3");
        assertThat(lines).containsExactly("a", "b", "c", "after restart");
        assertThat(epochs).containsExactly("e2");
        assertThat(stream.lastEventId()).isEqualTo("e2:1");
    }
    @Test
    void anEpochChangeInsideOneConnectionStartsCountingAfreshOnce() {
        server.handler(e -> {
            e.startStream();
            e.lines("e1:3", line(1, "a"), line(2, "b"), line(3, "c"));
            e.lines("e2:2", line(1, "x"), line(2, "y")); // below the old cursor, yet new: another epoch
            e.lines("e2:2", line(1, "x"), line(2, "y")); // a repeat within the new epoch
            e.event("e2:6", "gap", "{\"from\":3,\"to\":6}");
            while (!release.await(100, TimeUnit.MILLISECONDS)) e.write(": ping\n");
        });
        List<long[]> gaps = new CopyOnWriteArrayList<>();
        stream = new ServiceLogStream(client, "shop", "web", 50, new ServiceLogStream.Listener() {
            @Override
            public void onLine(Line line) {
                lines.add(line.text());
            }

            @Override
            public void onGap(long from, long to) {
                gaps.add(new long[] {from, to});
            }

            @Override
            public void onNewEpoch(String epoch) {
                epochs.add(epoch);
            }
        }, Duration.ofSeconds(5), scheduler, null);
        stream.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> gaps.size() == 1);
        assertThat(lines).containsExactly("a", "b", "c", "x", "y");
        assertThat(epochs).containsExactly("e2");
        assertThat(gaps.get(0)).containsExactly(3, 6);
        assertThat(stream.lastEventId()).isEqualTo("e2:6");
    }
}
