package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.auth.TokenFile;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.logs.LogPaneViewModel;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token rotated while the console follows three kinds of log pane (a running job's, in its own window; a service's;
 * the deployment's merged log) over a saved connection: every pane says the agent refused the token and offers "fix
 * token…"; once the connection has the new token (what the connection editor does with it), the event subscription and
 * every pane resume from their cursors: each source's lines are consecutive, none lost, none twice, also those the
 * services and the job wrote while the panes were stopped (decision record 133).
 */
class TokenRenewalWindowTest {
    static final String APP = Demo.deployment(
            Demo.service("web", "--rate", "20").stopTimeout("3s").build("--steps", "4000", "--lines", "2", "--step-millis", "50"),
            Demo.service("worker", "--rate", "20").stopTimeout("3s"));

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private TokenFile tokens;

    @BeforeEach
    void start() throws Exception {
        RealAgent agent = RealAgent.in(tmp).deployment("app", APP).start();
        tokens = new TokenFile(agent.agent().stateDir());
        String ci = tokens.add("ci");
        harness = new ConsoleHarness(agent, tmp, ci);
        Job started = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(started.id()).status().isTerminal());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private LogPaneViewModel model(String key) {
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        return fx(() -> ((LogPane) harness.console.view().dock().pane(key).orElseThrow()).model());
    }

    private static List<LogEntry> rows(LogPaneViewModel model) {
        return fx(() -> new ArrayList<>(model.shown()));
    }

    private static long lines(LogPaneViewModel model) {
        return rows(model).stream().filter(r -> !r.isNotice()).count();
    }

    private static boolean says(LogPaneViewModel model, String text) {
        return rows(model).stream().anyMatch(r -> r.isNotice() && r.text().contains(text));
    }

    /** Each source's line numbers, in the order the pane holds them. */
    private static Map<Integer, List<Long>> seqsBySource(LogPaneViewModel model) {
        Map<Integer, List<Long>> seqs = new TreeMap<>();
        for (LogEntry row : rows(model)) {
            if (!row.isNotice()) seqs.computeIfAbsent(row.source(), k -> new ArrayList<>()).add(row.seq());
        }
        return seqs;
    }

    /** No line lost, none twice: every source's numbers go up by one, from the first the pane holds to its last. */
    private static void assertConsecutive(String pane, LogPaneViewModel model) {
        Map<Integer, List<Long>> seqs = seqsBySource(model);
        assertThat(seqs).as(pane).isNotEmpty();
        seqs.forEach((source, list) -> {
            long first = list.get(0);
            List<Long> expected = new ArrayList<>();
            for (long s = first; s < first + list.size(); s++) expected.add(s);
            assertThat(list).as(pane + ", source " + source).isEqualTo(expected);
        });
    }

    @Test
    void aRotatedTokenStopsEveryPaneAndTheNewOneResumesEachFromItsCursor() throws Exception {
        AgentConnection lab = harness.lab();
        Job build = harness.client.startServiceJob("app", "web", Action.REBUILD);
        String jobKey = LogPaneFactory.jobKey(lab, build.id());
        String serviceKey = LogPaneFactory.serviceKey(lab, "app", "worker");
        String deploymentKey = LogPaneFactory.deploymentKey(lab, "app");
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "worker");
            harness.console.view().dock().openDeployment(lab, "app");
            harness.console.view().dock().openJob(lab, build);
            return null;
        });
        LogPaneViewModel job = model(jobKey);
        LogPaneViewModel service = model(serviceKey);
        LogPaneViewModel deployment = model(deploymentKey);
        Stage window = fx(() -> harness.console.view().dock().detachSelected());
        assertThat(fx(() -> harness.console.view().dock().pane(jobKey).orElseThrow().node().getScene().getWindow()))
                .as("the job's pane is in its own window").isSameAs(window);
        List<LogPaneViewModel> panes = List.of(job, service, deployment);
        for (LogPaneViewModel pane : panes) {
            await().atMost(WAIT).until(() -> lines(pane) > 5);
        }
        assertThat(fx(() -> harness.client.job(build.id()).status().isTerminal())).as("the build still runs").isFalse();

        String rotated = tokens.rotate("ci");

        for (LogPaneViewModel pane : panes) {
            await().atMost(WAIT).until(() -> fx(() -> pane.fixTokenOfferedProperty().get()));
            await().atMost(WAIT).until(() -> says(pane, "authentication failed: the token \"ci\" was replaced by a new one"
                    + " (rotated). This log stopped after line"));
            assertThat(fx(() -> pane.connectionProperty().get())).isEqualTo("authentication failed");
        }
        // The header's link is on screen in the detached window too, where the operator is looking.
        Node link = fx(() -> harness.robot.from(window.getScene().getRoot()).lookup(".hyperlink").queryAll().stream()
                .filter(n -> n.isVisible() && "fix token…".equals(((javafx.scene.control.Hyperlink) n).getText()))
                .findFirst().orElse(null));
        assertThat(link).as("fix token… in the detached pane's header").isNotNull();
        long before = lines(service);
        long jobHeld = lines(job);
        // The build goes on writing while the panes are stopped: those lines must arrive after the renewal.
        await().atMost(WAIT).until(() -> harness.client.job(build.id()).lines() > jobHeld + 20);
        assertThat(lines(job)).as("nothing arrives while the token is refused").isEqualTo(jobHeld);

        // What the connection editor does with the token the user pastes (ConnectionsController → Fleet.replace).
        AgentConnection renewed = fx(() -> harness.console.fleet().replace(lab, lab.endpoint().withToken(rotated)));

        assertThat(renewed).as("the same connection, with the new token").isSameAs(lab);
        await().atMost(WAIT).until(() -> fx(() -> lab.stateProperty().get()) instanceof io.capstan.client.sse.StreamState.Live);
        for (LogPaneViewModel pane : panes) {
            await().atMost(WAIT).until(() -> says(pane, "live again, resuming after line"));
            await().atMost(WAIT).until(() -> !fx(() -> pane.fixTokenOfferedProperty().get()));
        }
        await().atMost(WAIT).until(() -> lines(service) > before + 20);
        await().atMost(WAIT).until(() -> lines(job) > jobHeld + 20);
        harness.client.cancel(build.id());
        await().atMost(WAIT).until(() -> harness.client.job(build.id()).status().isTerminal());
        Job ended = harness.client.job(build.id());
        await().atMost(WAIT).until(() -> says(job, "job canceled"));
        List<Long> jobSeqs = seqsBySource(job).values().iterator().next();
        assertThat(jobSeqs).as("the build's every line, once, in order, across the rotation").hasSize((int) ended.lines());
        assertThat(jobSeqs.get(0)).isEqualTo(1L);
        assertConsecutive("job", job);
        assertConsecutive("worker's log", service);
        assertConsecutive("all services", deployment);
        assertThat(seqsBySource(deployment)).as("both services in the merged log").hasSize(2);
    }
}
