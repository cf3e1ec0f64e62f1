package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.auth.TokenFile;
import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import org.junit.jupiter.api.Test;

/**
 * Who did what, in the real window against a real agent: the jobs panel's By column and the job pane's header name the
 * token that started each job, and a revoked token reads "authentication failed" on the status bar, with the agent's
 * reason, instead of reconnecting.
 */
class WhoDidWhatWindowTest extends WindowTest {
    static final String APP = Demo.deployment(Demo.service("web").stopTimeout("3s"));

    @Override
    String app() {
        return APP;
    }

    /** The text of the jobs table's cells, in the By column, as drawn. */
    private boolean byCellShows(String text) {
        return fx(() -> harness.robot.lookup(".jobs-pane .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && n.isVisible() && c.getTableColumn().isVisible()
                        && "By".equals(c.getTableColumn().getText()))
                .anyMatch(n -> text.equals(((TableCell<?, ?>) n).getText())));
    }

    @Test
    void theJobsPanelAndTheJobHeaderSayWhichTokenStartedEachJob() throws Exception {
        String ci = new TokenFile(harness.agent.agent().stateDir()).add("ci");
        Job byCi;
        try (AgentClient client = new AgentClient(new AgentEndpoint("ci", harness.agent.baseUrl(), ci))) {
            byCi = client.startServiceJob("app", "web", Action.START);
        }
        await().atMost(WAIT).until(() -> harness.client.job(byCi.id()).status().isTerminal());
        harness.client.startServiceJob("app", "web", Action.STOP);

        // Wide: the By column has room, and shows since two tokens acted.
        fx(() -> {
            harness.stage.setMaximized(false);
            harness.stage.setWidth(1280);
            harness.stage.setHeight(760);
            return null;
        });
        await().atMost(WAIT).until(() -> byCellShows("ci") && byCellShows("owner"));
        // At 1024 px there is no room for it: the column goes, every other stays in view, the row's tooltip says who.
        fx(() -> {
            harness.stage.setWidth(1024);
            harness.stage.setHeight(700);
            return null;
        });
        await().atMost(WAIT).until(() -> !byCellShows("ci"));
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".jobs-pane .table-row-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.TableRow<?>) n).getTooltip())
                .anyMatch(t -> t != null && t.getText().equals("start app/web, started by ci"))));

        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.console.view().dock().openJob(lab, byCi);
            return null;
        });
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#startedByLabel").queryAll().stream()
                .anyMatch(n -> n.isVisible() && "by ci".equals(((Label) n).getText()))));
    }

    @Test
    void aRevokedTokenReadsAuthenticationFailedWithTheReason() {
        await().atMost(WAIT).until(() -> fx(() -> chipBadge()), "live"::equals);
        // owner cannot be revoked while agent.token holds it (decision 112): rotating refuses the old token the same way,
        // and a saved connection (unlike the console's own agent) has no file to read the new one from.
        new TokenFile(harness.agent.agent().stateDir()).rotate("owner");
        await().atMost(WAIT).until(() -> fx(() -> chipBadge()), "authentication failed"::equals);
        String detail = fx(() -> {
            Node chip = harness.robot.lookup("#chip-" + ConsoleHarness.AGENT).query();
            javafx.scene.control.Labeled badge = harness.robot.from(chip).lookup(".badge").query();
            return badge.getTooltip() == null ? "" : badge.getTooltip().getText();
        });
        assertThat(detail).contains("authentication failed: the token \"owner\" was replaced by a new one (rotated)");
    }

    private String chipBadge() {
        return harness.robot.lookup("#chip-" + ConsoleHarness.AGENT).tryQuery()
                .flatMap(chip -> harness.robot.from(chip).lookup(".badge").tryQuery())
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse("");
    }
}
