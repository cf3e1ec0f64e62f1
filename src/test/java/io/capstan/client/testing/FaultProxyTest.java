package io.capstan.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy itself does what the tests rely on. */
class FaultProxyTest {
    private ServerSocket upstream;
    private FaultProxy proxy;
    private final byte[] payload = new byte[10_000];

    @BeforeEach
    void setUp() throws IOException {
        Arrays.fill(payload, (byte) 'x');
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (true) {
                try (Socket s = upstream.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(payload);
                    out.flush();
                    s.getInputStream().read();
                } catch (IOException e) {
                    if (upstream.isClosed()) return;
                }
            }
        }, "fault-proxy-test-upstream");
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy(upstream.getLocalPort());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        upstream.close();
    }

    private byte[] readAll(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n;
        try {
            while ((n = in.read(buf)) != -1) got.write(buf, 0, n);
        } catch (IOException e) {
            // a cut may surface as a reset
        }
        return got.toByteArray();
    }

    @Test
    void cutAfterNBytesDeliversExactlyNBytes() throws IOException {
        proxy.cutPolicy(() -> 1234);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(readAll(s)).hasSize(1234);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.cuts() == 1);
    }

    @Test
    void oneBytePerWriteStillDeliversEverything() throws IOException {
        proxy.oneBytePerWrite(true);
        proxy.cutPolicy(() -> payload.length);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(readAll(s)).isEqualTo(payload);
        }
    }

    @Test
    void refusedConnectionsAreClosedAtOnce() throws IOException {
        proxy.refuseNewConnections(true);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(readAll(s)).isEmpty();
        }
        assertThat(proxy.connectionsAccepted()).isZero();
    }

    @Test
    void cutAllEndsOpenConnections() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.bytesToClient() == payload.length);
            proxy.cutAll();
            assertThat(readAll(s)).hasSize(payload.length);
        }
        assertThat(proxy.cuts()).isEqualTo(1);
    }
}
