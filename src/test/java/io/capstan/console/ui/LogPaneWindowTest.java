package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import java.util.List;
import java.util.stream.LongStream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * The real log pane in the real window, fed by a real agent through the fault proxy: cut the connection in the
 * middle of a job and the pane says so, resumes, and holds every line exactly once, in order (failure rows 17, 29).
 */
class LogPaneWindowTest extends WindowTest {

    /** A rebuild printing about 330 lines over about six seconds. */
    static final String NOISY = Demo.deployment(Demo.service("web").stopTimeout("3s")
            .build("--steps", "30", "--lines", "9", "--step-millis", "200"));

    @Override
    String app() {
        return NOISY;
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
        await().atMost(WAIT).until(() -> rows(pane).stream().anyMatch(r -> r.text().startsWith("live again, resuming after line")));
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
        assertThat(notices).anyMatch(n -> n.startsWith("reconnecting: "));
        assertThat(notices.stream().filter(n -> n.startsWith("live again, resuming after line")).count()).isEqualTo(2);
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
        // Typing shows a match at once (the first at or after the one the shorter query had found).
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(matches::getText) + " for '" + fx(search::getText) + "'")
                .matches("\\d+ of " + count + " for 'step 1'"));
        int typed = Integer.parseInt(fx(matches::getText).split(" ")[0]);
        assertThat(fx(() -> pane.model().selectedRows().get(0).text())).isEqualTo(expected.get(typed - 1));
        assertThat(fx(() -> pane.model().followProperty().get())).as("searching stops following").isFalse();

        harness.robot.type(KeyCode.ENTER);
        int next = typed % expected.size() + 1;
        assertThat(fx(matches::getText)).as("Enter goes to the next match").isEqualTo(next + " of " + count);
        assertThat(fx(() -> pane.model().selectedRows().get(0).text())).isEqualTo(expected.get(next - 1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.view().visibleRows().stream().map(LogEntry::text).toList()))
                .as("the match is on screen").contains(expected.get(next - 1)));

        harness.robot.clickOn(harness.robot.from(root).lookup("Filter").queryLabeled());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().filterProperty().get()));
        assertThat(fx(() -> pane.model().shown().stream().map(LogEntry::text).toList())).containsExactlyElementsOf(expected);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.view().visibleRows().stream().map(LogEntry::text).toList()))
                .as("only matching rows on screen").isNotEmpty().allMatch(expected::contains));
    }

    @Test
    void scrollingUpStopsFollowingAndJumpToNewestResumesIt() {
        Job job = harness.client.startDeploymentJob("app", Action.REBUILD);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        long last = harness.client.job(job.id()).lines();
        fx(() -> {
            AgentConnection lab = harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow();
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        LogPane pane = openPane(job);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fx(() -> pane.view().visibleRows().stream().map(LogEntry::seq).toList()))
                .as("following: the newest line on screen (of %d held, follow %s)", fx(() -> pane.model().heldCount()),
                        fx(() -> pane.model().followProperty().get()))
                .contains(last));

        Node rows = fx(() -> harness.robot.from(pane.node()).lookup(".log-rows").query());
        // A wheel turned up by five notches. Monocle's robot reports wheel-up as a 1-pixel downward delta, so the
        // event a desktop delivers is fired directly at the rows.
        fx(() -> {
            javafx.geometry.Bounds b = rows.localToScene(rows.getBoundsInLocal());
            rows.fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, b.getCenterX(), b.getCenterY(),
                    b.getCenterX(), b.getCenterY(), false, false, false, false, false, false, 0, 200, 0, 200,
                    javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
            return null;
        });

        await().atMost(WAIT).until(() -> !fx(() -> pane.model().followProperty().get()));
        assertThat(fx(() -> pane.view().visibleRows().stream().noneMatch(r -> r.seq() == last))).as("scrolled away").isTrue();
        Node jump = fx(() -> harness.robot.from(pane.node()).lookup(".jump-button").query());
        assertThat(fx(jump::isVisible)).isTrue();

        harness.robot.clickOn(jump);

        await().atMost(WAIT).until(() -> fx(() -> pane.model().followProperty().get()
                && pane.view().visibleRows().stream().anyMatch(r -> r.seq() == last)));
        assertThat(fx(jump::isVisible)).isFalse();
    }

    @Test
    void aServiceLogPaneFollowsTheServicesOwnOutputAndSaysItIsLive() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "web");
            return null;
        });
        String key = LogPaneFactory.serviceKey(lab, "app", "web");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().isOpen(key)));
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());

        await().atMost(WAIT).until(() -> rows(pane).stream().anyMatch(r -> r.text().equals("web: ready on port 8080")));
        assertThat(fx(() -> pane.model().statusProperty().get())).isEqualTo("live");
        assertThat(fx(() -> pane.titleProperty().get())).isEqualTo("app/web log");
        List<Long> seqs = rows(pane).stream().filter(r -> !r.isNotice()).map(LogEntry::seq).toList();
        assertThat(seqs).as("in order, no repeats").isSorted().doesNotHaveDuplicates();
    }
}
