package io.capstan.agent.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler's manners towards an engine: it never waits for one on the caller's thread, and one that stops answering
 * gets one waiting request per container however often it is asked, not a pile of them. The engine here is the edge we
 * cannot make hang on purpose without stopping every other test's engine: a Unix socket that accepts connections and
 * never answers.
 */
class ContainerSamplerTest {
    private static final List<String> IDS = List.of("a".repeat(64), "b".repeat(64), "c".repeat(64));

    @TempDir
    Path tmp;

    @Test
    void anEngineThatStopsAnsweringGetsOneRequestPerContainerAndNoFigures() throws Exception {
        Path socket = tmp.resolve("engine.sock");
        AtomicInteger accepted = new AtomicInteger();
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                        accepted.incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "silent-engine");
            acceptor.setDaemon(true);
            acceptor.start();
            try (ContainerSampler sampler = new ContainerSampler("unix://" + socket)) {
                assertThat(sampler.problem()).isNull();
                for (int round = 0; round < 20; round++) {
                    long start = System.nanoTime();
                    assertThat(sampler.usage(IDS)).as("no figure from an engine that does not answer").isEmpty();
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("asking never waits for the engine")
                            .isLessThan(ContainerSampler.TIMEOUT);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() == IDS.size());
                assertThat(sampler.inFlight()).as("one read in flight per container, however often asked")
                        .isEqualTo(IDS.size());
                for (int round = 0; round < 20; round++) sampler.usage(IDS);
                assertThat(sampler.inFlight()).isEqualTo(IDS.size());
                assertThat(accepted.get()).as("no request piles up behind the ones waiting").isEqualTo(IDS.size());
            } finally {
                for (SocketChannel c : held) c.close();
            }
        }
    }

    @Test
    void namesThatAreNotContainerIdsAreNeverPutIntoAPath() throws Exception {
        try (ContainerSampler sampler = new ContainerSampler("unix://" + tmp.resolve("none.sock"))) {
            assertThat(sampler.usage(List.of("../../info", "web", "ABCDEF0123456789"))).isEmpty();
            assertThat(sampler.inFlight()).isZero();
        }
    }

    @Test
    void anEngineTheApiClientCannotReachIsSaidOnceAndNeverAsked() {
        try (ContainerSampler sampler = new ContainerSampler("ssh://deploy@node-b")) {
            assertThat(sampler.problem()).contains("ssh://deploy@node-b");
            assertThat(sampler.usage(IDS)).isEmpty();
            assertThat(sampler.inFlight()).isZero();
        }
    }
}
