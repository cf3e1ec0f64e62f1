package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.testing.FaultProxy;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.deployments.TreeRow;
import io.capstan.console.format.Offline;
import io.capstan.console.logs.LogPane;
import java.time.Instant;
import java.time.ZoneId;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decision record 159 in the real window: a saved agent whose port has refused since the console started reads "not
 * reached" in the tree and on its chip, tooltips included, past the grace and with no "since" time (it never was up,
 * so the first try's time would read as when it went away). Once reached and then stopped, the same agent reads
 * "offline since" its last contact.
 */
class NeverReachedWindowTest extends WindowTest {

    private static final String GATE = "gate";
    private static final String TIME = ".*\\d\\d:\\d\\d:\\d\\d.*";

    /** A second way to the same agent, refusing until the test opens it. */
    private FaultProxy door;

    @Override
    String app() {
        return ConsoleWindowTest.APP;
    }

    @BeforeEach
    void aSavedAgentBehindARefusingDoor() throws Exception {
        door = new FaultProxy(harness.agent.port());
        door.refuseNewConnections(true);
        fx(() -> harness.console.fleet().add(new AgentEndpoint(GATE, door.url(), harness.agent.token())));
        harness.restartConsole(); // saved, and refusing since this console started
    }

    @AfterEach
    void closeDoor() throws Exception {
        door.close();
    }

    @Test
    void anAgentRefusingSinceTheStartReadsNotReachedThenOfflineSinceItsLastContactOnceReachedAndStopped() {
        await().atMost(WAIT).until(() -> fx(() -> chipTooltip()).startsWith("Not reached yet"));
        // Past the grace, where the old console turned the first try's time into "offline since".
        await().during(Offline.GRACE.plusSeconds(1)).atMost(WAIT).until(() -> fx(() -> chipTooltip()).startsWith("Not reached yet"));

        assertThat(fx(() -> chipBadge())).as("one of its wordings, whatever the bar has room for")
                .matches("not reached( yet(, next try in \\d+ s|, trying now)?)?|unseen");
        assertThat(fx(() -> chipTooltip())).contains("This console has not reached the agent yet: ").doesNotMatch("(?s)" + TIME)
                .doesNotContain("since", "offline");
        assertThat(fx(() -> treeBadge())).isIn("not reached", "unseen");
        assertThat(fx(() -> treeTooltip())).startsWith(GATE + ": This console has not reached the agent yet: ")
                .doesNotMatch("(?s)" + TIME).doesNotContain("since", "offline");
        assertThat(fx(() -> gate().offlineSinceProperty().get())).isNull();
        // A pane opened on it asks the connection too (decision record 160): the agent is not reached, not offline.
        LogPane pane = fx(() -> {
            harness.console.view().dock().openService(gate(), "app", "web");
            return (LogPane) harness.console.view().dock().pane(LogPaneFactory.serviceKey(gate(), "app", "web")).orElseThrow();
        });
        await().atMost(WAIT).until(() -> fx(() -> ((Labeled) pane.node().lookup(".log-header .badge")).getText()),
                Offline.NOT_REACHED::equals);

        assertThat(fx(() -> chipLink().getText())).isEqualTo("reconnect now");
        door.refuseNewConnections(false);
        Instant opened = Instant.now();
        fx(() -> {
            gate().reconnectNow(); // what the link does; not waiting out the backoff
            return null;
        });
        await().atMost(WAIT).until(() -> fx(() -> chipBadge()).equals("live"));
        assertThat(fx(() -> treeBadge())).isEqualTo("live");
        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()), "live"::equals);

        Instant beforeStop = Instant.now();
        door.refuseNewConnections(true);
        door.cutAll();
        await().atMost(WAIT).until(() -> fx(() -> gate().offlineSinceProperty().get()) != null);
        Instant lastContact = fx(() -> gate().offlineSinceProperty().get());
        assertThat(lastContact).as("its last contact, not its first try").isAfterOrEqualTo(opened.minusMillis(1))
                .isBeforeOrEqualTo(beforeStop.plusMillis(500));
        String at = Offline.time(lastContact, ZoneId.systemDefault());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(fx(() -> chipTooltip())).startsWith("Offline since " + at);
            assertThat(fx(() -> treeBadge())).isEqualTo("offline");
        });
    }

    private AgentConnection gate() {
        return harness.console.fleet().find(GATE).orElseThrow();
    }

    private Node chip() {
        return harness.robot.lookup(".agent-chip").queryAll().stream()
                .filter(chip -> GATE.equals(((Labeled) chip.lookup(".chip-name")).getTooltip().getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no chip for " + GATE));
    }

    private String chipBadge() {
        return ((Labeled) chip().lookup(".badge")).getText();
    }

    private String chipTooltip() {
        return ((Labeled) chip().lookup(".badge")).getTooltip().getText();
    }

    private Labeled chipLink() {
        return (Labeled) chip().lookup(".hyperlink");
    }

    private TreeCell<?> treeCell() {
        for (Node node : harness.robot.lookup(".tree-cell").queryAll()) {
            if (node instanceof TreeCell<?> cell && cell.getItem() instanceof TreeRow row && row.key().equals(GATE)) {
                return cell;
            }
        }
        throw new AssertionError("no tree row " + GATE);
    }

    private String treeBadge() {
        return ((Labeled) treeCell().lookup(".badge")).getText();
    }

    private String treeTooltip() {
        TreeCell<?> cell = treeCell();
        return cell.getTooltip() == null ? null : cell.getTooltip().getText();
    }
}
