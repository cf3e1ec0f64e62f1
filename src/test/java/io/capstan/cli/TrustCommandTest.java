package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.testing.TestCertificates;
import io.capstan.protocol.Fingerprints;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan trust}: the certificate shown, pinned only as agreed, and a change shown loudly with both fingerprints. */
class TrustCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int trust(SavedConnections saved, String... args) {
        TrustCommand cmd = new TrustCommand();
        cmd.saved = saved;
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void pinsOnlyTheAnnouncedFingerprintThenRefusesAChangeUntilAccepted() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("live"), "cert-a");
        TestCertificates.Made b = TestCertificates.selfSigned(tmp.resolve("next"), "cert-b");
        String fa = Fingerprints.sha256(a.certificate());
        String fb = Fingerprints.sha256(b.certificate());
        SavedConnections saved = new SavedConnections(tmp.resolve("config").resolve("connections.json"));
        try (RealAgent agent = RealAgent.in(tmp).config(c -> c.tlsPem(a.certificatePem(), a.keyPem())
                .certificateCheck(Duration.ofMillis(100))).start()) {
            Path tokenFile = Files.writeString(tmp.resolve("token"), agent.token() + "\n");
            String url = agent.baseUrl();

            assertThat(trust(saved, url, "-c", "remote", "--fingerprint", fb, "--token-file", tokenFile.toString()))
                    .isEqualTo(ExitCodes.AGENT_ERROR);
            assertThat(err.toString()).contains("not the expected").contains(fa);
            assertThat(saved.find("remote")).isEmpty();

            assertThat(trust(saved, url, "-c", "remote", "--fingerprint", fa.replace(":", "").toLowerCase(java.util.Locale.ROOT),
                    "--token-file", tokenFile.toString())).isZero();
            assertThat(out.toString()).contains("SHA-256 fingerprint: " + fa).contains("subject:").contains("valid:");
            AgentEndpoint remote = saved.find("remote").orElseThrow();
            assertThat(remote.pin()).isEqualTo(fa);
            try (AgentClient client = new AgentClient(remote)) {
                assertThat(client.info().tls().fingerprint()).isEqualTo(fa);
            }

            TestCertificates.renew(a, b);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.tls().fingerprint(), fb::equals);
            out.getBuffer().setLength(0);
            // Unattended, with the old fingerprint announced: refused, the pin kept.
            assertThat(trust(saved, "-c", "remote", "--fingerprint", fa)).isEqualTo(ExitCodes.AGENT_ERROR);
            assertThat(out.toString()).contains("CHANGED").contains("pinned:    SHA-256 " + fa).contains("presented: SHA-256 " + fb);
            assertThat(saved.find("remote").orElseThrow().pin()).isEqualTo(fa);
            // The operator confirmed the new one.
            assertThat(trust(saved, "-c", "remote", "--fingerprint", fb)).isZero();
            AgentEndpoint accepted = saved.find("remote").orElseThrow();
            assertThat(accepted.pin()).isEqualTo(fb);
            assertThat(accepted.token()).as("the token saved before is kept").isEqualTo(agent.token());
            try (AgentClient client = new AgentClient(accepted)) {
                assertThat(client.info().tls().fingerprint()).isEqualTo(fb);
            }
        }
    }

    @Test
    void plainHttpHasNothingToTrust() {
        assertThat(trust(new SavedConnections(tmp.resolve("c.json")), "http://127.0.0.1:7417")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("only an https:// agent");
    }
}
