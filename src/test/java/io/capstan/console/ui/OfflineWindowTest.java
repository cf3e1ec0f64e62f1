package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.deployments.TreeRow;
import io.capstan.console.jobs.JobRow;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.client.AgentClient;
import io.capstan.console.format.Durations;
import io.capstan.console.format.Offline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeCell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status that never lies, in the real window: an agent that stops reads offline after the grace (rows unknown and
 * greyed, uptimes stopped, nothing to press, the reason in plain words), a running job's pane says the agent is
 * unreachable and stops its clock, and everything is live again when the agent comes back on its port.
 */
class OfflineWindowTest extends WindowTest {

    /** The plain words an outage may be given; never exception text. */
    private static final String PLAIN_REASON =
            "(connection refused|the agent closed the connection|the connection was reset|timed out.*)";

    /** What a lost notice adds: when the agent was last heard from (decision record 151). */
    private static final String LAST_HEARD = "(; agent last heard from at \\d\\d:\\d\\d:\\d\\d)?";

    /** The console tests' deployment, with a build long enough to be running when the agent goes away. */
    static final String APP = ConsoleWindowTest.APP.replace("\"--steps\", \"30\"", "\"--steps\", \"600\"");

    @Override
    String app() {
        return APP;
    }

    @BeforeEach
    void start() throws Exception {
        Job started = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(started.id()).status().isTerminal());
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 2
                && harness.console.deployments().services().stream().allMatch(s -> s.status() == ServiceStatus.RUNNING)));
    }

    @Test
    void aStoppedAgentReadsOfflineAfterTheGraceThenLiveAgainOnItsPort() {
        harness.labelled("badge", "live");
        await().atMost(WAIT).until(() -> !uptime("web").isEmpty());
        // The running services' CPU and memory come with the first resource poll: wait for them, so that their going
        // away below is the outage's doing.
        await().atMost(WAIT).until(() -> fx(() -> !figures().isEmpty()));

        harness.stopAgent();

        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().unreachableProperty().get() != null));
        harness.labelled("badge", "unknown");
        harness.labelled("row-detail", "1 deployment");
        assertThat(fx(() -> serviceBadges())).as("every service reads unknown").containsOnly("unknown").hasSize(2);
        String tooltip = fx(() -> treeTooltip("lab/app"));
        assertThat(tooltip).matches("agent offline since \\d\\d:\\d\\d:\\d\\d: " + PLAIN_REASON);
        assertThat(chipText()).startsWith("offline since ").doesNotContain("polling");
        assertThat(fx(() -> ((Label) harness.robot.lookup(".services-pane .pane-title").query()).getText()))
                .contains("agent offline since");
        for (String id : List.of("#startButton", "#stopButton", "#restartButton", "#rebuildButton")) {
            assertThat(fx(() -> ((Button) harness.robot.lookup(id).query()).isDisabled())).as(id).isTrue();
        }
        String frozen = uptime("web");
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(10)).until(() -> uptime("web").equals(frozen));
        assertThat(fx(() -> figures())).as("no last CPU and memory shown as current while offline").isEmpty();
        assertThat(fx(() -> processTooltips())).as("the Process cells say why")
                .isNotEmpty().allSatisfy(tip -> assertThat(tip).contains("CPU · memory: unknown, agent offline since "));

        harness.startAgentAgain();

        await().atMost(WAIT).until(() -> chipText().equals("live"));
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().unreachableProperty().get() == null));
        assertThat(fx(() -> serviceBadges())).doesNotContain("unknown");
        assertThat(fx(() -> treeTooltip("lab/app"))).isNull();
    }

    @Test
    void aRunningJobsPaneSaysTheAgentIsUnreachableStopsItsClockAndResumes() {
        Job build = harness.client.startServiceJob("app", "web", Action.REBUILD);
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        fx(() -> {
            harness.console.view().dock().openJob(lab, build);
            return null;
        });
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(LogPaneFactory.jobKey(lab, build.id())).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> pane.model().heldCount() > 2 && "running".equals(pane.model().statusProperty().get())));

        harness.proxy.refuseNewConnections(true);
        harness.proxy.cutAll();

        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()), s -> s.startsWith("agent offline since "));
        // What the header shows, not only what its model holds.
        await().atMost(WAIT).until(() -> fx(() -> headerBadge(pane).getText()), s -> s.startsWith("agent offline since "));
        String frozen = fx(() -> pane.model().durationProperty().get());
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().unreachableProperty().get() != null));
        String frozenInTable = jobDuration(build.id());
        // The jobs table reads as the tree and the pane do: unknown, greyed, since when, clock stopped.
        await().atMost(WAIT).until(() -> fx(() -> jobBadge(build.id())), "unknown"::equals);
        assertThat(fx(() -> jobRow(build.id()).getTooltip().getText())).startsWith("agent offline since ");
        assertThat(fx(() -> jobRow(build.id()).getPseudoClassStates()).stream().map(Object::toString)).contains("offline");
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(10))
                .until(() -> fx(() -> pane.model().durationProperty().get()).equals(frozen)
                        && jobDuration(build.id()).equals(frozenInTable));
        List<String> notices = fx(() -> pane.model().shown().stream().filter(LogEntry::isNotice).map(LogEntry::text).toList());
        assertThat(notices).anySatisfy(text -> assertThat(text).matches("reconnecting: " + PLAIN_REASON + LAST_HEARD));
        assertThat(fx(() -> pane.model().text(pane.model().shown()))).as("what a saved file holds")
                .doesNotContain("Exception").doesNotContain("limit=");

        harness.proxy.refuseNewConnections(false);

        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()), "running"::equals);
        await().atMost(WAIT).until(() -> !fx(() -> pane.model().durationProperty().get()).equals(frozen));
        await().atMost(WAIT).until(() -> fx(() -> jobBadge(build.id())), "running"::equals);
        assertThat(fx(() -> jobRow(build.id()).getTooltip() == null ? "" : jobRow(build.id()).getTooltip().getText()))
                .doesNotContain("offline");
        harness.client.cancel(build.id());
    }

    /**
     * A stalled agent (the proxy stops forwarding; every connection stays open and silent, as for a paused agent, a
     * dead path or a half-open connection) is noticed only when the 45 s heartbeat window ends, the production setting.
     * Everything that says since when, and every clock that stops, names the last byte heard, not that moment.
     */
    @Test
    void aStalledAgentReadsOfflineSinceItsLastByteNotSinceTheStallWasNoticed() {
        Job build = harness.client.startServiceJob("app", "web", Action.REBUILD);
        AgentConnection lab = fx(() -> harness.console.fleet().find(ConsoleHarness.AGENT).orElseThrow());
        fx(() -> {
            harness.console.view().dock().openJob(lab, build);
            return null;
        });
        LogPane pane = fx(() -> (LogPane) harness.console.view().dock().pane(LogPaneFactory.jobKey(lab, build.id())).orElseThrow());
        await().atMost(WAIT).until(() -> fx(() -> "running".equals(pane.model().statusProperty().get())));
        await().atMost(WAIT).until(() -> fx(() -> jobBadge(build.id())), "running"::equals);
        Instant before = Instant.now();
        await().atMost(WAIT).until(() -> lab.client().lastContact() != null && lab.client().lastContact().isAfter(before));

        harness.proxy.pause();
        Instant stalled = Instant.now();

        Duration detection = AgentClient.HEARTBEAT_WINDOW.plus(Offline.GRACE).plus(WAIT);
        await().atMost(detection).until(() -> fx(() -> lab.offlineSinceProperty().get()) != null);
        Instant noticed = Instant.now();
        Instant since = fx(() -> lab.offlineSinceProperty().get());
        assertThat(since).as("the last byte came after the test saw the agent live and before the stall (plus a read's"
                + " delay), and long before the silence was noticed").isAfterOrEqualTo(before)
                .isBeforeOrEqualTo(stalled.plusSeconds(5)).isBefore(noticed.minusSeconds(30));
        String at = Offline.time(since, ZoneId.systemDefault());

        assertThat(fx(() -> treeTooltip("lab/app"))).startsWith("agent offline since " + at + ": timed out");
        await().atMost(WAIT).until(this::chipText, chip -> chip.startsWith("offline since " + at + ", "));
        await().atMost(WAIT).until(() -> fx(() -> jobBadge(build.id())), "unknown"::equals);
        assertThat(fx(() -> jobRow(build.id()).getTooltip().getText())).contains("agent offline since " + at);
        Job running = harness.client.job(build.id()); // straight to the agent, not through the stalled proxy
        assertThat(jobDuration(build.id())).as("the jobs table's clock stopped at the last byte")
                .isEqualTo(Durations.between(running.startedAt(), since, since));
        Service web = fx(() -> harness.console.deployments().services().stream()
                .filter(s -> s.name().equals("web")).findFirst().orElseThrow());
        assertThat(uptime("web")).as("the service's clock stopped at the last byte")
                .isEqualTo(Durations.uptime(web.since(), since));

        await().atMost(WAIT).until(() -> fx(() -> pane.model().statusProperty().get()), ("agent offline since " + at)::equals);
        assertThat(fx(() -> pane.model().durationProperty().get())).isEqualTo(Durations.between(running.startedAt(), since, since));
        assertThat(fx(() -> pane.model().text(pane.model().shown()))).as("what a saved file holds")
                .contains("reconnecting: timed out: no data within the heartbeat window; agent last heard from at " + at);

        harness.proxy.resume();
        await().atMost(detection).until(() -> chipText().equals("live"));
        await().atMost(detection).until(() -> fx(() -> pane.model().statusProperty().get()), "running"::equals);
        harness.client.cancel(build.id());
    }

    private static Label headerBadge(LogPane pane) {
        return (Label) pane.node().lookup(".log-header .badge");
    }

    private String uptime(String service) {
        return shownInColumn(".services-pane .table-view", "sinceColumn", row -> ((Service) row).name().equals(service));
    }

    /** What the recent-jobs table shows in the "Took" column for a job. */
    private String jobDuration(String id) {
        return shownInColumn(".jobs-pane .table-view", "durationColumn", row -> ((JobRow) row).job().id().equals(id));
    }

    /** What a table's ticking column shows for the row {@code which} picks; "" for no such row. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private String shownInColumn(String table, String columnId, java.util.function.Predicate<Object> which) {
        return fx(() -> {
            TableView<Object> view = (TableView<Object>) harness.robot.lookup(table).query();
            javafx.scene.control.TableColumn column = view.getColumns().stream()
                    .filter(c -> columnId.equals(c.getId())).findFirst().orElseThrow();
            return view.getItems().stream().filter(which).findFirst()
                    .map(row -> io.capstan.console.fx.Columns.tickingText(column, row)).orElse("");
        });
    }

    /** The jobs table's row of a job, as drawn. */
    private TableRow<?> jobRow(String id) {
        for (Node node : harness.robot.lookup(".jobs-pane .table-row-cell").queryAll()) {
            if (node instanceof TableRow<?> row && row.getItem() instanceof JobRow job && job.job().id().equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no jobs-table row for " + id);
    }

    /** The status badge the jobs table draws for a job. */
    private String jobBadge(String id) {
        return ((Label) jobRow(id).lookup(".badge")).getText();
    }

    /** The CPU and memory figures the services table shows, those drawn and not empty. */
    private String figures() {
        return harness.robot.from(servicesTable()).lookup(".resource-figures").queryAll().stream()
                .filter(Node::isVisible).map(n -> ((Label) n).getText()).filter(t -> !t.isEmpty())
                .reduce("", (a, b) -> a + b);
    }

    /** The tooltips of the services table's Process cells. */
    private List<String> processTooltips() {
        return harness.robot.from(servicesTable()).lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> cell && "pidColumn".equals(cell.getTableColumn().getId())
                        && !cell.isEmpty() && cell.getTooltip() != null)
                .map(n -> ((TableCell<?, ?>) n).getTooltip().getText()).toList();
    }

    @SuppressWarnings("unchecked")
    private TableView<Service> servicesTable() {
        return (TableView<Service>) harness.robot.lookup(".services-pane .table-view").query();
    }

    private List<String> serviceBadges() {
        return harness.robot.from(servicesTable()).lookup(".badge").queryAll().stream()
                .filter(Node::isVisible).map(node -> ((Label) node).getText()).toList();
    }

    private String treeTooltip(String key) {
        for (Node node : harness.robot.lookup(".tree-cell").queryAll()) {
            if (node instanceof TreeCell<?> cell && cell.getItem() instanceof TreeRow row && row.key().equals(key)) {
                return cell.getTooltip() == null ? null : cell.getTooltip().getText();
            }
        }
        throw new AssertionError("no tree row " + key);
    }

    private String chipText() {
        return fx(() -> harness.robot.lookup(".agent-chip .badge").queryAll().stream().map(n -> ((Label) n).getText())
                .findFirst().orElse(""));
    }
}
