package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.client.testing.TestCertificates;
import io.capstan.client.trust.CertificateProbe;
import io.capstan.client.trust.CertificateTrustException;
import io.capstan.client.trust.PeerCertificate;
import io.capstan.client.trust.PinnedTrust;
import io.capstan.protocol.Fingerprints;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan agent --tls}: the certificate it makes for itself, what {@code /info} says about it, and an operator's
 * PEM certificate renewed in place while a stream stays open.
 */
class AgentTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private static OkHttpClient pinnedTo(String fingerprint) {
        PinnedTrust trust = new PinnedTrust(fingerprint);
        return new OkHttpClient.Builder().sslSocketFactory(trust.socketFactory(), trust).hostnameVerifier(trust.hostnameVerifier())
                .readTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false).build();
    }

    @Test
    void generatedCertificateIsOwnerOnlyNamesTheHostsAndIsKeptAcrossRestarts() throws Exception {
        Path state = ScriptedAgent.tempState();
        AgentConfig cfg = ScriptedAgent.testConfig(state).tlsGenerated().allowedHosts(List.of("agent.example.org")).build();
        String first;
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            assertThat(fx.agent().baseUrl()).startsWith("https://127.0.0.1:");
            PeerCertificate presented = CertificateProbe.fetch(fx.agent().baseUrl(), Duration.ofSeconds(10));
            first = presented.fingerprint();
            assertThat(fx.agent().tls().fingerprint()).isEqualTo(first);
            assertThat(presented.systemTrusted()).isFalse();
            Path folder = state.resolve("tls");
            assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(folder.resolve("agent.p12"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(folder.resolve("agent.p12.password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            X509Certificate cert = load(folder);
            List<String> sans = cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).collect(Collectors.toList());
            assertThat(sans).contains("agent.example.org", "localhost", "127.0.0.1",
                    InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT));
            assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(Fingerprints.sha256(cert)).isEqualTo(first);
            assertThat(fx.agent().certificateFile()).exists();
            // /info, over the pinned connection, reports the certificate in use.
            Request info = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info")
                    .header("Authorization", "Bearer " + fx.agent().token()).build();
            try (Response res = pinnedTo(first).newCall(info).execute()) {
                assertThat(res.code()).isEqualTo(200);
                assertThat(res.body().string()).contains("\"fingerprint\":\"" + first + "\"");
            }
        }
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            assertThat(fx.agent().tls().fingerprint()).as("the same certificate on the next start: pins stay valid").isEqualTo(first);
        }
        AgentConfig more = ScriptedAgent.testConfig(state).tlsGenerated()
                .allowedHosts(List.of("agent.example.org", "second.example.org")).build();
        try (ScriptedAgent fx = ScriptedAgent.start(more)) {
            assertThat(fx.agent().tls().fingerprint()).as("a new name the old certificate lacks: a new one").isNotEqualTo(first);
        }
    }

    @Test
    void plainHttpAgentReportsNoTls() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            assertThat(fx.http.get("/api/v1/info").body().path("tls").isNull()).isTrue();
            assertThat(fx.agent().tls()).isNull();
        }
    }

    @Test
    void renewedPemCertificateIsServedWithoutDroppingAnOpenStream() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("live"), "cert-a");
        TestCertificates.Made b = TestCertificates.selfSigned(tmp.resolve("next"), "cert-b");
        String fa = Fingerprints.sha256(a.certificate());
        String fb = Fingerprints.sha256(b.certificate());
        AgentConfig cfg = ScriptedAgent.testConfig(ScriptedAgent.tempState()).tlsPem(a.certificatePem(), a.keyPem())
                .certificateCheck(Duration.ofMillis(100)).build();
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            assertThat(fx.agent().tls().fingerprint()).isEqualTo(fa);
            OkHttpClient pinnedA = pinnedTo(fa);
            Request events = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/events").header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + fx.agent().token()).build();
            try (Client.Stream stream = new Client.Stream(pinnedA.newCall(events).execute())) {
                assertThat(stream.next().type()).isEqualTo("hello");

                TestCertificates.renew(a, b);
                await().atMost(WAIT).until(() -> CertificateProbe.fetch(fx.agent().baseUrl(), Duration.ofSeconds(10)).fingerprint(),
                        fb::equals);
                assertThat(fx.agent().tls().fingerprint()).isEqualTo(fb);

                // The stream opened under the old certificate is still live: it gets the next event.
                fx.catalog.add("shop", "web");
                Client.Event added = stream.next();
                assertThat(added.type()).isEqualTo("deployment");
                assertThat(added.json().path("deployment").path("name").asText()).isEqualTo("shop");
            }
            // A new connection pinned to the old certificate is refused as changed, naming both.
            Request info = new Request.Builder().url(fx.agent().baseUrl() + "/api/v1/info").build();
            assertThatThrownBy(() -> pinnedTo(fa).newCall(info).execute().close())
                    .satisfies(e -> {
                        CertificateTrustException c = CertificateTrustException.in(e).orElseThrow();
                        assertThat(c.changed()).isTrue();
                        assertThat(c.pinned()).isEqualTo(fa);
                        assertThat(c.presented().fingerprint()).isEqualTo(fb);
                    });
        }
    }

    @Test
    void halfWrittenRenewalKeepsServingTheOldCertificate() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("live"), "cert-a");
        TestCertificates.Made b = TestCertificates.selfSigned(tmp.resolve("next"), "cert-b");
        String fa = Fingerprints.sha256(a.certificate());
        AgentConfig cfg = ScriptedAgent.testConfig(ScriptedAgent.tempState()).tlsPem(a.certificatePem(), a.keyPem())
                .certificateCheck(Duration.ofMillis(50)).build();
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            // Only the certificate is new; its key is still the old one: unusable, so not taken.
            Files.copy(b.certificatePem(), a.certificatePem(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // Several looks at the files pass (the watcher runs every 50 ms); each handshake still gets the old certificate.
            for (int i = 0; i < 5; i++) {
                assertThat(CertificateProbe.fetch(fx.agent().baseUrl(), Duration.ofSeconds(10)).fingerprint()).isEqualTo(fa);
            }
            assertThat(fx.agent().tls().fingerprint()).isEqualTo(fa);
            Files.copy(b.keyPem(), a.keyPem(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(WAIT).until(() -> fx.agent().tls().fingerprint(), f -> f.equals(Fingerprints.sha256(b.certificate())));
        }
    }

    @Test
    void operatorPemKeysInTheirCommonFormsAreRead() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("ec"), "sec1");
        // SEC1 ("BEGIN EC PRIVATE KEY", older OpenSSL's default), built from keytool's key.
        var key = (java.security.interfaces.ECPrivateKey) keyStore(a).getKey("capstan", "changeit".toCharArray());
        Files.writeString(a.keyPem(), TestCertificates.pem("EC PRIVATE KEY", sec1Of(key)));
        AgentConfig cfg = ScriptedAgent.testConfig(ScriptedAgent.tempState()).tlsPem(a.certificatePem(), a.keyPem()).build();
        try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
            assertThat(CertificateProbe.fetch(fx.agent().baseUrl(), Duration.ofSeconds(10)).fingerprint())
                    .isEqualTo(Fingerprints.sha256(a.certificate()));
        }
        Files.writeString(a.keyPem(), TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        AgentConfig encrypted = ScriptedAgent.testConfig(ScriptedAgent.tempState()).tlsPem(a.certificatePem(), a.keyPem()).build();
        assertThatThrownBy(() -> ScriptedAgent.start(encrypted)).hasMessageContaining("encrypted");
    }

    /** SEC1 as OpenSSL writes it: {@code SEQUENCE {INTEGER 1, OCTET STRING d, [0] {OID prime256v1}}}. */
    private static byte[] sec1Of(java.security.interfaces.ECPrivateKey key) {
        byte[] d = key.getS().toByteArray();
        byte[] d32 = new byte[32];
        System.arraycopy(d, Math.max(0, d.length - 32), d32, Math.max(0, 32 - d.length), Math.min(32, d.length));
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20});
        body.writeBytes(d32);
        body.writeBytes(new byte[] {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07});
        byte[] content = body.toByteArray();
        byte[] out = new byte[content.length + 2];
        out[0] = 0x30;
        out[1] = (byte) content.length;
        System.arraycopy(content, 0, out, 2, content.length);
        return out;
    }

    private static KeyStore keyStore(TestCertificates.Made m) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(m.keystore())) {
            ks.load(in, m.password().toCharArray());
        }
        return ks;
    }

    private static X509Certificate load(Path folder) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve("agent.p12"))) {
            ks.load(in, Files.readString(folder.resolve("agent.p12.password")).trim().toCharArray());
        }
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }
}
