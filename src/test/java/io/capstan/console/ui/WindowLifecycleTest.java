package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.sse.StreamState;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Ticker;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The main window opened and closed again and again, each time with a job's log, a service's log and a service's
 * detail open: closing leaves nothing behind that would keep a closed window alive or keep talking to the agent (no
 * ticker, no stream on the agent, no console thread), however often it is done.
 */
class WindowLifecycleTest extends WindowTest {

    static final String APP = Demo.deployment(Demo.service("web", "--rate", "5").stopTimeout("3s"));
    private static final int TIMES = 3; // each open costs a few seconds on a loaded machine; the global timeout is 120 s

    @Override
    String app() {
        return APP;
    }

    @Test
    void openingAndClosingTheWindowLeavesNoTickerStreamOrThreadBehind() throws Exception {
        Job start = harness.client.startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        Map<String, Integer> threadsAfterFirst = null;
        for (int i = 0; i < TIMES; i++) {
            if (i > 0) {
                harness.restartConsole();
            }
            AgentConnection lab = await().atMost(WAIT).until(() -> fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT)
                    .filter(a -> a.stateProperty().get() instanceof StreamState.Live).orElse(null)), a -> a != null);
            fx(() -> {
                harness.console.view().dock().openJob(lab, start);
                harness.console.view().dock().openService(lab, "app", "web");
                harness.console.inspectors().inspect(lab, "app", "web");
                return null;
            });
            await().atMost(WAIT).until(() -> fx(() -> harness.console.inspectors().windows().size() == 1
                    && harness.console.view().dock().openKeys().size() >= 2));
            // The main window's, both panes' and the detail's clocks; and the agent serves the event stream, the
            // service log and the detail's (events, service log, at least one more).
            assertThat(fx(Ticker::runningOwners)).contains("main window", "log pane", "service detail web of app on lab");
            await().atMost(WAIT).until(() -> harness.agent.agent().openStreams() >= 2);

            FxToolkit.setupFixture(() -> harness.console.close());

            await().atMost(WAIT).until(() -> fx(Ticker::runningOwners).isEmpty());
            await().atMost(WAIT).until(() -> harness.agent.agent().openStreams() == 0);
            await().atMost(WAIT).until(() -> consoleThreads().isEmpty());
            if (i == 0) {
                threadsAfterFirst = settled();
            } else {
                Map<String, Integer> first = threadsAfterFirst;
                // No kind of thread grows with the number of windows opened (OkHttp's idle threads may end meanwhile).
                await().atMost(WAIT).untilAsserted(() -> assertThat(settled()).allSatisfy((kind, count) ->
                        assertThat(count).as(kind).isLessThanOrEqualTo(first.getOrDefault(kind, 0))));
            }
        }
    }

    /** The console's own background threads still alive. */
    private static List<String> consoleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("capstan-console")).toList();
    }

    /**
     * Live threads by kind (the name without its numbers), leaving out the test's own pollers and OkHttp's threads: its
     * task runner and dispatcher are one per JVM or client, keep idle threads a minute whoever used them last, and a
     * task runner thread takes the name of the task it runs ("OkHttp ConnectionPool connection closer"). Streams left
     * open are caught by the agent's count of open streams instead.
     */
    private static Map<String, Integer> settled() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isAlive() || t.getName().startsWith("awaitility") || t.getName().startsWith("OkHttp")) {
                continue;
            }
            kinds.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return kinds;
    }
}
