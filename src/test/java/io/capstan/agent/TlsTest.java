package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** A non-loopback bind with a keystore serves HTTPS and needs no opt-out. */
class TlsTest {

    @Test
    void nonLoopbackBindWithKeystoreServesHttps() throws Exception {
        Path state = ScriptedAgent.tempState();
        Path ks = state.resolve("tls.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "capstan", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
        OkHttpClient https = new OkHttpClient.Builder().sslSocketFactory(ctx.getSocketFactory(), tm)
                .readTimeout(Duration.ofSeconds(10)).build();
        AgentConfig cfg = ScriptedAgent.testConfig(state).bindHost("0.0.0.0").tls(ks, "changeit").build();
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            assertThat(fx.agent().baseUrl()).startsWith("https://127.0.0.1:");
            Request r = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info")
                    .header("Authorization", "Bearer " + fx.agent().token()).build();
            try (Response res = https.newCall(r).execute()) {
                assertThat(res.code()).isEqualTo(200);
                assertThat(res.body().string()).contains("\"epoch\"");
            }
        }
    }
}
