package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.testing.TestCertificates;
import io.capstan.protocol.Fingerprints;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The console's trust step, in the real window against a real HTTPS agent: Add agent, Test connection shows the
 * certificate (fingerprint, subject, validity) and is refused until the user trusts it; the pin is saved with the
 * connection. When the agent comes back with another certificate, the status chip offers to review it, and the dialog
 * warns with both fingerprints until the user accepts the new one.
 */
class TrustWindowTest {

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private RealAgent secure;

    @AfterEach
    void stop() throws Exception {
        if (secure != null) secure.close();
        harness.close();
    }

    @Test
    void addAgentTrustsTheCertificateShownThenAChangedOneIsRefusedUntilAccepted() throws Exception {
        TestCertificates.Made a = TestCertificates.selfSigned(tmp.resolve("live"), "cert-a");
        TestCertificates.Made b = TestCertificates.selfSigned(tmp.resolve("next"), "cert-b");
        String fa = Fingerprints.sha256(a.certificate());
        String fb = Fingerprints.sha256(b.certificate());
        // Its own folders under tmp, apart from the console's; the PEM files are read at every start.
        secure = RealAgent.in(tmp.resolve("secure")).config(c -> c.tlsPem(a.certificatePem(), a.keyPem())).start();
        harness = new ConsoleHarness(tmp, ConsoleWindowTest.APP, null);
        FxRobot robot = harness.robot;
        harness.labelled("badge", "live");

        robot.push(KeyCode.CONTROL, KeyCode.N);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connection-dialog").tryQuery().isPresent()));
        fx(() -> {
            ((TextField) robot.lookup("#connection-name").query()).setText("secure");
            ((TextField) robot.lookup("#connection-url").query()).setText(secure.baseUrl());
            ((PasswordField) robot.lookup("#connection-token").query()).setText(secure.token());
            return null;
        });
        robot.clickOn(fx(() -> (Node) robot.lookup("#connection-test").query()));
        Label result = fx(() -> (Label) robot.lookup("#connection-result").query());
        await().atMost(WAIT).until(() -> fx(result::getText).contains("not trusted yet"));
        assertThat(fx(result::getText)).contains("SHA-256 " + fa).contains("Subject: CN=cert-a").contains("Valid ");
        Node trust = fx(() -> robot.lookup("#connection-trust").query());
        assertThat(fx(() -> ((javafx.scene.control.Button) trust).getText())).isEqualTo("Trust this certificate");
        robot.clickOn(trust);
        await().atMost(WAIT).until(() -> fx(result::getText).startsWith("Connected:"));
        assertThat(fx(() -> ((Label) robot.lookup("#connection-pin").query()).getText())).contains(fa);
        robot.clickOn(fx(() -> (Node) robot.from(robot.lookup("#connection-dialog").<Node>query()).lookup("Save").query()));

        SavedConnections saved = new SavedConnections(tmp.resolve("config").resolve("connections.json"));
        await().atMost(WAIT).until(() -> saved.find("secure").map(AgentEndpoint::pin).orElse(""), fa::equals);
        await().atMost(WAIT).until(() -> fx(() -> chipBadge(robot, "secure")), "live"::equals);

        // The agent comes back with another certificate: the console's stream is refused in the handshake.
        secure.stop();
        TestCertificates.renew(a, b);
        secure.startAgain();
        Node review = harness.labelled("hyperlink", "review certificate…");
        robot.clickOn(review);
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#connection-dialog").tryQuery().isPresent()));
        robot.clickOn(fx(() -> (Node) robot.lookup("#connection-test").query()));
        Label warning = fx(() -> (Label) robot.lookup("#connection-result").query());
        await().atMost(WAIT).until(() -> fx(warning::getText).contains("CHANGED"));
        assertThat(fx(warning::getText)).contains("Pinned: SHA-256 " + fa).contains("SHA-256 " + fb).contains("someone is in between");
        assertThat(fx(() -> warning.getStyleClass().contains("certificate-changed"))).isTrue();
        Node accept = fx(() -> robot.lookup("#connection-trust").query());
        assertThat(fx(() -> ((javafx.scene.control.Button) accept).getText())).isEqualTo("Accept the new certificate");
        robot.clickOn(accept);
        await().atMost(WAIT).until(() -> fx(warning::getText).startsWith("Connected:"));
        robot.clickOn(fx(() -> (Node) robot.from(robot.lookup("#connection-dialog").<Node>query()).lookup("Save").query()));
        await().atMost(WAIT).until(() -> saved.find("secure").map(AgentEndpoint::pin).orElse(""), fb::equals);
        await().atMost(WAIT.plus(Duration.ofSeconds(20))).until(() -> fx(() -> chipBadge(robot, "secure")), "live"::equals);
    }

    private static String chipBadge(FxRobot robot, String agent) {
        return robot.lookup("#chip-" + agent).tryQuery().map(chip -> robot.from(chip).lookup(".badge").tryQuery()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse("")).orElse("");
    }
}
