package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

/**
 * Decision record 160 in the real window: the console has reached its agent (its event stream is live, the tree and
 * chip say so), and a NEW log pane's stream is stuck in its first connect (the proxy accepts the stream's request and
 * never answers, as a paused agent or an agent with every HTTP thread busy would). Past the grace the pane says its
 * stream has not connected, counting the wait; it never says the agent was not reached, nor an offline time, nor
 * "reconnecting". When the proxy gives up on the held try (504), the notice says the stream has not connected, with
 * the agent's last contact; once a try is answered, the pane goes "live", not "live again".
 */
class StalledPaneWindowTest extends WindowTest {

    /** What the pane's header, badge and notices may never say of an agent the console has reached and sees live. */
    private static final List<String> FALSE = List.of("not reached", "offline", "reconnecting", "live again");

    @Override
    String app() {
        return ConsoleWindowTest.APP;
    }

    @Test
    void aNewPanesStreamStuckInItsFirstConnectSaysNotConnectedYetNeverNotReachedNorOffline() {
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> lab.stateProperty().get() instanceof StreamState.Live));
        harness.proxy.holdRequests("/services/web/logs");

        List<String> said = new CopyOnWriteArrayList<>(); // every header and badge text the pane ever showed
        LogPane pane = fx(() -> {
            harness.console.view().dock().openService(lab, "app", "web");
            LogPane opened = (LogPane) harness.console.view().dock().pane(LogPaneFactory.serviceKey(lab, "app", "web")).orElseThrow();
            said.add(opened.model().connectionProperty().get());
            opened.model().connectionProperty().addListener((obs, old, now) -> said.add(now));
            badge(opened).textProperty().addListener((obs, old, now) -> said.add(now));
            return opened;
        });
        await().atMost(WAIT).until(() -> harness.proxy.heldRequests() == 1);

        // Past the grace, where the pane once read "agent not reached yet".
        await().atMost(WAIT).until(() -> fx(() -> pane.model().connectionProperty().get()),
                text -> text.matches("not connected yet: no answer in ([5-9]|\\d\\d+) s"));
        assertThat(fx(() -> badge(pane).getText())).isEqualTo("not connected yet");
        // What is drawn, not only what the labels hold: the header is laid out again as its words change.
        await().atMost(WAIT).until(() -> drawn(pane).stream().anyMatch(t -> t.startsWith("not connected yet: no answer in ")));
        assertThat(fx(() -> lab.stateProperty().get())).as("the agent itself is live").isInstanceOf(StreamState.Live.class);
        assertThat(harness.proxy.heldRequests()).as("still its first try").isEqualTo(1);

        // The proxy gives up on the held try; its next try is answered.
        harness.proxy.holdRequests(null);
        harness.proxy.answerHeld(504, "Gateway Timeout");
        await().atMost(WAIT).until(() -> !notices(pane).isEmpty());
        assertThat(notices(pane)).singleElement().asString()
                .matches("not connected yet: HTTP 504; agent last heard from at \\d\\d:\\d\\d:\\d\\d");
        assertThat(fx(() -> lab.stateProperty().get())).isInstanceOf(StreamState.Live.class);
        await().atMost(WAIT).until(() -> fx(() -> badge(pane).getText()), "live"::equals);
        await().atMost(WAIT).until(() -> notices(pane).size() == 2);
        assertThat(notices(pane).get(1)).as("its first live: no again").isEqualTo("live");
        await().atMost(WAIT).until(() -> drawn(pane).contains("live"));
        assertThat(said).as("everything the header and badge said").isNotEmpty()
                .allSatisfy(text -> assertThat(text).doesNotContain(FALSE));
        assertThat(notices(pane)).allSatisfy(text -> assertThat(text).doesNotContain(FALSE));
    }

    private static Label badge(LogPane pane) {
        return (Label) pane.node().lookup(".log-header .badge");
    }

    /** The header's texts as drawn (the labels' skins' text nodes, set only when the header is laid out). */
    private static List<String> drawn(LogPane pane) {
        return fx(() -> pane.node().lookupAll(".log-header .text").stream()
                .map(node -> ((javafx.scene.text.Text) node).getText()).toList());
    }

    private static List<String> notices(LogPane pane) {
        return fx(() -> pane.model().shown().stream().filter(LogEntry::isNotice).map(LogEntry::text).toList());
    }
}
