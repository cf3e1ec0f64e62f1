package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris over the TLS listener (decision record 116 was only tested over plain HTTP): the guard sees the
 * HttpConnection inside each TLS connection, so sockets that finish the handshake and trickle a head, sockets that
 * never handshake, and sockets that send half a ClientHello are all closed after the head timeout, while the operator's
 * HTTPS requests are answered throughout.
 */
class SlowClientsTlsTest {
    private static final int LIMIT = 16;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    /** The agent's own generated certificate; what is tested here is the guard, not trust (TlsTest, AgentTlsTest). */
    private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private ScriptedAgent fx;
    private SSLContext tls;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fx = ScriptedAgent.start(b -> b.tlsGenerated().maxConnections(LIMIT).requestHeadTimeout(HEAD_TIMEOUT));
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {TRUST_ANY}, null);
    }

    @AfterEach
    void stop() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closed by the agent
            }
        }
        fx.close();
    }

    private Socket slowOverTls() throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", fx.agent().port());
        sockets.add(s);
        s.setSoTimeout(10_000);
        s.startHandshake();
        s.getOutputStream().write(RawHttp.SLOW_HEAD);
        s.getOutputStream().flush();
        s.setSoTimeout(20);
        return s;
    }

    private Socket raw(byte[] first) throws IOException {
        Socket s = new Socket("127.0.0.1", fx.agent().port());
        sockets.add(s);
        if (first.length > 0) s.getOutputStream().write(first);
        s.setSoTimeout(20);
        return s;
    }

    private int info(OkHttpClient https) throws IOException {
        Request r = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info")
                .header("Authorization", "Bearer " + fx.agent().token()).build();
        try (Response res = https.newCall(r).execute()) {
            return res.code();
        }
    }

    @Test
    void slowTlsSocketsOfEveryKindAreClosedAndTheOperatorIsServed() throws Exception {
        assertThat(fx.agent().baseUrl()).startsWith("https://");
        for (int i = 0; i < LIMIT; i++) slowOverTls();
        for (int i = 0; i < LIMIT; i++) raw(new byte[0]); // never a handshake
        // The first bytes of a TLS record (a handshake, 512 bytes announced), and nothing more.
        for (int i = 0; i < LIMIT; i++) raw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
        OkHttpClient https = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), TRUST_ANY)
                .hostnameVerifier((h, s) -> true).readTimeout(Duration.ofSeconds(20)).build();
        try {
            for (int i = 0; i < 5; i++) assertThat(info(https)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sockets.stream().allMatch(RawHttp::closedByAgent));
            Request r = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info")
                    .header("Authorization", "Bearer " + fx.agent().token()).build();
            try (Response res = https.newCall(r).execute()) {
                String body = res.body().string();
                assertThat(body).contains("\"closedSlow\"");
                long closed = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(body)
                        .path("connections").path("closedSlow").asLong()
                        + com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(body)
                        .path("connections").path("closedOverLimit").asLong();
                assertThat(closed).as("every slow socket was closed by the guard").isGreaterThanOrEqualTo(3L * LIMIT);
            }
        } finally {
            https.dispatcher().executorService().shutdown();
            https.connectionPool().evictAll();
        }
    }
}
