package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.shell.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real log pane in the real window, fed by a real agent through the fault proxy: cut the connection in the
 * middle of a job and the pane says so, resumes, and holds every line exactly once, in order (failure rows 17, 29).
 */
class LogPaneWindowTest {

    /** A rebuild printing about 330 lines over about six seconds. */
    static final String NOISY = """
            services:
              web:
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
                stopTimeout: 3s
                build:
                  - ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoBuild", "--steps", "30", "--lines", "9",
                     "--step-millis", "200"]
            """;

    @TempDir
    Path tmp;

    private ConsoleHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new ConsoleHarness(tmp, NOISY, null);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private LogPane openPane(Job job) {
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        String key = LogPaneFactory.jobKey(lab, job.id());
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        return fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());
    }

    private static List<LogEntry> rows(LogPane pane) {
        return fx(() -> List.copyOf(pane.model().shown()));
    }

    private static long outputLines(LogPane pane) {
        return rows(pane).stream().filter(row -> !row.isNotice()).count();
    }

    @Test
    void cutsInTheMiddleOfAJobAreShownAndEveryLineArrivesExactlyOnce() {
        Job job = harness.client.startDeploymentJob("app", Action.REBUILD);
        fx(() -> {
            AgentConnection lab = harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow();
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        LogPane pane = openPane(job);

        await().atMost(WAIT).until(() -> outputLines(pane) > 30);
        harness.proxy.cutAll();
        await().atMost(WAIT).until(() -> rows(pane).stream().anyMatch(r -> r.text().startsWith("reconnected: resuming after line")));
        long before = outputLines(pane);
        await().atMost(WAIT).until(() -> outputLines(pane) > before + 30);
        harness.proxy.cutAll();

        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        Job ended = harness.client.job(job.id());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()).equals("succeeded"));
        await().atMost(WAIT).until(() -> outputLines(pane) >= ended.lines());

        List<LogEntry> rows = rows(pane);
        assertThat(rows.stream().filter(r -> !r.isNotice()).map(LogEntry::seq).toList())
                .as("every line once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, ended.lines()).boxed().toList());
        List<String> notices = rows.stream().filter(LogEntry::isNotice).map(LogEntry::text).toList();
        assertThat(notices).anyMatch(n -> n.startsWith("connection lost: "));
        assertThat(notices.stream().filter(n -> n.startsWith("reconnected: resuming after line")).count()).isEqualTo(2);
        assertThat(notices.get(notices.size() - 1)).startsWith("job succeeded after ");
        assertThat(harness.proxy.cuts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void searchCountsAndFiltersTheLinesInTheWindow() {
        Job job = harness.client.startDeploymentJob("app", Action.REBUILD);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        fx(() -> {
            AgentConnection lab = harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow();
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        LogPane pane = openPane(job);
        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()).equals("succeeded"));

        Node root = fx(() -> pane.node());
        TextField search = fx(() -> (TextField) harness.robot.from(root).lookup(".text-field").query());
        harness.robot.clickOn(search).write("step 1");
        Label matches = fx(() -> (Label) harness.robot.from(root).lookup(".match-label").query());
        // What the agent stored, searched the same way (smart case: lower case ignores case).
        List<String> expected = harness.client.log(job.id(), 0, 10_000).lines().stream().map(line -> line.text())
                .filter(text -> text.toLowerCase(java.util.Locale.ROOT).contains("step 1")).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(11);
        String count = String.valueOf(expected.size());
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(matches::getText) + " for '" + fx(search::getText) + "'")
                .isEqualTo(count + " matches for 'step 1'"));

        harness.robot.type(KeyCode.ENTER);
        assertThat(fx(matches::getText)).isEqualTo("1 of " + count);
        @SuppressWarnings("unchecked")
        ListView<LogEntry> list = fx(() -> (ListView<LogEntry>) harness.robot.from(root).lookup(".log-lines").query());
        assertThat(fx(() -> list.getSelectionModel().getSelectedItem().text())).isEqualTo(expected.get(0));
        assertThat(fx(() -> pane.model().followProperty().get())).as("searching stops following").isFalse();

        harness.robot.clickOn(harness.robot.from(root).lookup("Filter").queryLabeled());
        await().atMost(WAIT).until(() -> fx(() -> list.getItems().size()) == expected.size());
        assertThat(fx(() -> list.getItems().stream().map(LogEntry::text).toList())).containsExactlyElementsOf(expected);
    }
}
