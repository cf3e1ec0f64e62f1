package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.AgentConfig;
import io.capstan.client.testing.TestCertificates;
import io.capstan.client.trust.CertificateProbe;
import io.capstan.client.trust.CertificateTrustException;
import io.capstan.client.trust.PeerCertificate;
import io.capstan.protocol.Fingerprints;
import io.capstan.protocol.Messages;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's trust in an agent's certificate, against real HTTPS agents: first use refused with the details to check,
 * then pinned; a changed certificate refused naming both fingerprints until the user accepts it; a certificate the
 * system trusts needs no pin; and no token ever leaves in clear text by accident.
 */
class TlsPinningTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** A real agent with an empty deployment root, served with the TLS settings {@code tls} gives. */
    private RealAgent agent(String name, UnaryOperator<AgentConfig.Builder> tls) {
        return RealAgent.in(tmp.resolve(name)).config(tls).start();
    }

    @Test
    void firstUseIsRefusedWithTheDetailsThenThePinnedCertificateIsTrusted() throws Exception {
        try (RealAgent agent = agent("gen", c -> c.tlsGenerated())) {
            AgentEndpoint unpinned = new AgentEndpoint("remote", agent.baseUrl(), agent.token());
            try (AgentClient client = new AgentClient(unpinned)) {
                assertThatThrownBy(client::info).isInstanceOf(UnavailableException.class).satisfies(e -> {
                    CertificateTrustException c = CertificateTrustException.in(e).orElseThrow();
                    assertThat(c.changed()).isFalse();
                    assertThat(c.presented().fingerprint()).isEqualTo(agent.tls().fingerprint());
                    assertThat(c.presented().subject()).contains("O=Capstan agent");
                    assertThat(FailureReasons.describe(e)).isEqualTo("certificate not trusted yet");
                });
            }
            // What the user is shown before pinning: the same certificate, seen without sending anything.
            PeerCertificate seen = CertificateProbe.fetch(agent.baseUrl(), Duration.ofSeconds(10));
            assertThat(seen.fingerprint()).isEqualTo(agent.tls().fingerprint());
            assertThat(seen.notAfter()).isAfter(java.time.Instant.now().plus(Duration.ofDays(3000)));
            try (AgentClient client = new AgentClient(unpinned.withPin(seen.fingerprint()))) {
                Messages.Info info = client.info();
                assertThat(info.tls().fingerprint()).isEqualTo(seen.fingerprint());
            }
            // The pin matches in any spelling a user pastes.
            String sloppy = "sha256:" + seen.fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT);
            try (AgentClient client = new AgentClient(unpinned.withPin(sloppy))) {
                assertThat(client.health().status()).isEqualTo("ok");
            }
        }
    }

    @Test
    void changedCertificateIsRefusedWithBothFingerprintsUntilTheUserAcceptsIt() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("live"), "cert-a");
        TestCertificates.Made b = TestCertificates.selfSigned(tmp.resolve("next"), "cert-b");
        String fa = Fingerprints.sha256(a.certificate());
        String fb = Fingerprints.sha256(b.certificate());
        try (RealAgent agent = agent("pem", c -> c.tlsPem(a.certificatePem(), a.keyPem()).certificateCheck(Duration.ofMillis(100)))) {
            AgentEndpoint pinned = new AgentEndpoint("remote", agent.baseUrl(), agent.token()).withPin(fa);
            try (AgentClient client = new AgentClient(pinned)) {
                assertThat(client.info().tls().fingerprint()).isEqualTo(fa);
            }
            TestCertificates.renew(a, b);
            await().atMost(WAIT).until(() -> agent.tls().fingerprint(), fb::equals);
            try (AgentClient client = new AgentClient(pinned)) {
                assertThatThrownBy(client::deployments).satisfies(e -> {
                    CertificateTrustException c = CertificateTrustException.in(e).orElseThrow();
                    assertThat(c.changed()).isTrue();
                    assertThat(c.pinned()).isEqualTo(fa);
                    assertThat(c.presented().fingerprint()).isEqualTo(fb);
                    assertThat(c.getMessage()).contains(fa).contains(fb).contains("someone is in between");
                    assertThat(FailureReasons.describe(e)).isEqualTo("the agent's certificate changed");
                });
            }
            // The user agreed: the new fingerprint is the pin now.
            try (AgentClient client = new AgentClient(pinned.withPin(fb))) {
                assertThat(client.info().tls().fingerprint()).isEqualTo(fb);
            }
        }
    }

    @Test
    void aCertificateTheSystemTrustsNeedsNoPin() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("ca"), "trusted");
        String before = System.getProperty("javax.net.ssl.trustStore");
        try (RealAgent agent = agent("sys", c -> c.tlsPem(a.certificatePem(), a.keyPem()))) {
            // The "system" trust store of this JVM, for this test: it holds the agent's certificate.
            System.setProperty("javax.net.ssl.trustStore", a.keystore().toString());
            System.setProperty("javax.net.ssl.trustStorePassword", a.password());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            assertThat(CertificateProbe.fetch(agent.baseUrl(), Duration.ofSeconds(10)).systemTrusted()).isTrue();
            try (AgentClient client = new AgentClient(new AgentEndpoint("remote", agent.baseUrl(), agent.token()))) {
                assertThat(client.info().tls()).isNotNull();
            }
        } finally {
            if (before == null) {
                System.clearProperty("javax.net.ssl.trustStore");
            } else {
                System.setProperty("javax.net.ssl.trustStore", before);
            }
            System.clearProperty("javax.net.ssl.trustStorePassword");
            System.clearProperty("javax.net.ssl.trustStoreType");
        }
    }

    @Test
    void theTokenNeverTravelsInClearTextOffThisMachineUnlessSavedAsInsecure() {
        // .invalid never resolves: were the refusal missing, the call would fail as "unknown host", never reach a host.
        AgentEndpoint remote = new AgentEndpoint("remote", "http://capstan-test.invalid:7417", "secret-token-value");
        try (AgentClient client = new AgentClient(remote)) {
            assertThatThrownBy(client::info).isInstanceOf(ClearTextRefusedException.class)
                    .hasMessageContaining("clear text").hasMessageNotContaining("secret-token-value");
        }
        AgentEndpoint onPurpose = new AgentEndpoint("remote", remote.baseUrl(), remote.token(), null, true, null);
        try (AgentClient client = new AgentClient(onPurpose)) {
            assertThatThrownBy(client::info).isInstanceOf(UnavailableException.class)
                    .satisfies(e -> assertThat(FailureReasons.describe(e)).isEqualTo("unknown host"));
        }
        assertThat(new AgentEndpoint("l", "http://127.0.0.1:7417", "t").clearTextOffHost()).isFalse();
        assertThat(new AgentEndpoint("l", "http://localhost:7417", "t").clearTextOffHost()).isFalse();
        assertThat(new AgentEndpoint("l", "http://[::1]:7417", "t").clearTextOffHost()).isFalse();
        assertThat(new AgentEndpoint("l", "https://host.example:7417", "t").clearTextOffHost()).isFalse();
        assertThat(new AgentEndpoint("l", "http://127.0.0.1.example.org:7417", "t").clearTextOffHost()).isTrue();
    }
}
