package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static io.capstan.console.ui.ConsoleHarness.shown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.logs.LogEntry;
import io.capstan.console.logs.LogPane;
import io.capstan.console.common.LogPaneFactory;
import io.capstan.console.fx.TickingText;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.ServiceStatus;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeView;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;

/** Layout (issue 12): usable at 1024x700, long lines reachable, a wheel notch scrolls about three lines. */
class LayoutWindowTest extends WindowTest {

    static final String LONG_NAME = "x".repeat(300);
    static final String APP = ConsoleWindowTest.APP + """
              chatty:
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "%s", "--rate", "40"]
                stopTimeout: 3s
            """.formatted(LONG_NAME);

    @Override
    String app() {
        return APP;
    }

    /**
     * Adds a second agent with a long name (the jobs table gains an Agent column, the tree a long agent row), sizes the
     * window and selects lab's app.
     */
    private void withASecondAgentAt(int width, int height) {
        fx(() -> harness.console.fleet().add(new io.capstan.client.AgentEndpoint("This computer at the edge",
                harness.agent.baseUrl(), harness.agent.token())));
        await().atMost(WAIT).until(() -> fx(() -> harness.console.fleet().agents().size() == 2
                && harness.console.fleet().agents().stream().allMatch(agent -> agent.snapshot() != null)));
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.stage.setMaximized(false);
            harness.stage.setWidth(width);
            harness.stage.setHeight(height);
            harness.console.deployments().selectedKeyProperty().set(lab.name() + "/app");
            return null;
        });
    }

    private static Bounds inScene(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }

    private LogPane openChattyLog() {
        harness.client.startServiceJob("app", "chatty", Action.START);
        await().atMost(WAIT).until(() -> harness.client.deployment("app").deployment().services().stream()
                .anyMatch(s -> s.name().equals("chatty") && s.status() == ServiceStatus.RUNNING));
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.console.view().dock().openService(lab, "app", "chatty");
            return null;
        });
        String key = LogPaneFactory.serviceKey(lab, "app", "chatty");
        return fx(() -> (LogPane) harness.console.view().dock().pane(key).orElseThrow());
    }

    private static ScrollBar bar(LogPane pane, Orientation orientation) {
        return fx(() -> pane.node().lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .filter(bar -> bar.getOrientation() == orientation).findFirst().orElseThrow());
    }

    @Test
    void at1024x700EveryBadgeAndTheMainControlsStayVisible() {
        Job job = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.stage.setMaximized(false);
            harness.stage.setWidth(1024);
            harness.stage.setHeight(700);
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 3));
        harness.labelled("badge", "succeeded");

        fx(() -> {
            double width = harness.stage.getScene().getWidth();
            TreeView<?> tree = (TreeView<?>) harness.robot.lookup(".deployments-pane .tree-view").query();
            Bounds treeBounds = inScene(tree);
            List<Labeled> badges = tree.lookupAll(".badge").stream().map(Labeled.class::cast)
                    .filter(b -> b.isVisible() && b.getParent() != null && b.getParent().isVisible()
                            && b.getText() != null && !b.getText().isEmpty()).toList();
            assertThat(badges).as("the agent's and the deployment's badges").hasSizeGreaterThanOrEqualTo(2);
            for (Labeled badge : badges) {
                assertThat(inScene(badge).getMaxX()).as("badge " + badge.getText() + " inside the tree")
                        .isLessThanOrEqualTo(treeBounds.getMaxX());
                assertThat(visibleText(badge)).as("badge not cut").isEqualTo(badge.getText());
            }
            for (String id : List.of("#startButton", "#stopButton", "#restartButton", "#rebuildButton", "#addAgentButton")) {
                Node button = harness.robot.lookup(id).query();
                assertThat(inScene(button).getMaxX()).as(id + " on screen").isLessThanOrEqualTo(width);
                assertThat(visibleText((Labeled) button)).as(id + " label not cut").isEqualTo(((Labeled) button).getText());
            }
            Node follow = harness.robot.lookup("#followToggle").query();
            assertThat(follow.getScene()).as("Follow is in the toolbar, not in its overflow menu").isNotNull();
            assertThat(follow.isVisible()).isTrue();
            assertThat(inScene(follow).getMaxX()).isLessThanOrEqualTo(width);
            assertThat(harness.robot.lookup(".log-toolbar .tool-bar-overflow-button").queryAll().stream()
                    .anyMatch(Node::isVisible)).as("nothing in the log toolbar's overflow menu").isFalse();
            // Every column of the services and jobs tables in view, none behind a sideways scroll bar.
            for (String pane : List.of(".services-pane", ".jobs-pane")) {
                TableView<?> table = (TableView<?>) harness.robot.lookup(pane + " .table-view").query();
                Bounds tableBounds = inScene(table);
                for (TableColumn<?, ?> column : table.getVisibleLeafColumns()) {
                    Node header = table.lookupAll(".column-header").stream()
                            .filter(h -> h instanceof javafx.scene.control.skin.TableColumnHeader th && th.getTableColumn() == column)
                            .findFirst().orElseThrow();
                    assertThat(inScene(header).getMaxX()).as(pane + " column " + column.getText() + " in view (widths "
                            + table.getVisibleLeafColumns().stream().map(c -> c.getText() + "=" + c.getWidth() + "/min " + c.getMinWidth())
                            .toList() + ", table " + table.getWidth() + ")").isLessThanOrEqualTo(tableBounds.getMaxX() + 0.5);
                }
                assertThat(table.lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                        .anyMatch(bar -> bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible()))
                        .as(pane + " needs no sideways scrolling").isFalse();
            }
            for (Node header : harness.robot.lookup(".column-header .label").queryAll()) {
                Labeled label = (Labeled) header;
                if (label.isVisible() && label.getScene() != null && !label.getText().isEmpty()) {
                    assertThat(visibleText(label)).as("column header not cut").isEqualTo(label.getText());
                }
            }
            return null;
        });
    }

    @Test
    void tableCellsAndBadgesAreShownWholeWhenAWideWindowIsNarrowed() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        // A stopped service among running ones: the widest mix of status badges.
        Job stop = harness.client.startServiceJob("app", "web", Action.STOP);
        await().atMost(WAIT).until(() -> harness.client.job(stop.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.stage.setMaximized(false);
            // Monocle's headless screen is 1280x800: the widest window a test can have.
            harness.stage.setWidth(1280);
            harness.stage.setHeight(800);
            return null;
        });
        harness.clickLabelled("deployment-name", "app");
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 3
                && harness.console.deployments().services().stream().anyMatch(s -> s.status() == ServiceStatus.STOPPED)));
        // The widest content first: the running services' CPU and memory come with the first resource poll's answer.
        // Checked before it, the cells were whole because the figures were not there yet (passed when quick, failed
        // under load with "1.4% · 47..." at 1280x800).
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".services-pane .resource-figures").queryAll().stream()
                .filter(n -> shown(n) && !((Labeled) n).getText().isEmpty()).count() >= 2));
        for (double[] size : new double[][] {{1280, 800}, {1150, 760}, {1024, 700}}) {
            fx(() -> {
                harness.stage.setWidth(size[0]);
                harness.stage.setHeight(size[1]);
                return null;
            });
            // Two pulses, so the tables have laid out at the new size and shed what they have no room for.
            fx(() -> null);
            String at = (int) size[0] + "x" + (int) size[1];
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> cut = new java.util.ArrayList<>();
                int checked = fx(() -> cutTexts(cut));
                assertThat(cut).as("texts cut at " + at).isEmpty();
                // Three services and their jobs: names, badges, uptimes, pids, actions, targets.
                assertThat(checked).as("cells looked at").isGreaterThan(20);
            });
        }
        assertThat(fx(() -> lab.snapshot() != null)).isTrue();
    }

    @Test
    void withTwoAgentsAt1024TheWidestBadgesTheAgentDetailsAndTheStatusChipsAreShownWhole() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        // The widest badges: a service ended from outside by SIGTERM reads "exited 143 (SIGTERM)".
        long pid = harness.client.deployment("app").deployment().services().stream()
                .filter(s -> s.name().equals("worker")).findFirst().orElseThrow().pid();
        ProcessHandle.of(pid).orElseThrow().destroy();
        await().atMost(WAIT).until(() -> harness.client.deployment("app").deployment().services().stream()
                .anyMatch(s -> s.name().equals("worker") && Integer.valueOf(143).equals(s.exitCode())));
        // A second agent with a long name: the jobs table gains an Agent column and the tree a long agent row.
        withASecondAgentAt(1024, 700);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().stream()
                .anyMatch(s -> Integer.valueOf(143).equals(s.exitCode()))));
        harness.labelled("badge", "exited 143 (SIGTERM)");
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> cut = new java.util.ArrayList<>();
            int checked = fx(() -> cutTexts(cut));
            assertThat(cut).as("texts cut at 1024x700 with two agents").isEmpty();
            assertThat(checked).as("cells looked at").isGreaterThan(20);
        });
        assertThat(fx(() -> harness.robot.lookup(".row-detail").queryAll().stream().map(n -> ((Labeled) n).getText())
                .anyMatch(text -> text.matches("\\d+/\\d+( dep\\. running)?") || text.matches("\\d+ of \\d+ deployments? running"))))
                .as("the agents' details, in a wording that fits").isTrue();

        // A message on the status bar, then both chips offline with their remedy: the message gives way, no chip does.
        harness.robot.clickOn("#startButton");
        await().atMost(WAIT).until(() -> fx(() -> ((Labeled) harness.robot.lookup(".status-message").query()).getText()),
                text -> text.contains("(job"));
        harness.stopAgent();
        // Asserted off the FX thread, so that a chip not yet offline is waited for rather than failing at once.
        await().atMost(WAIT).untilAsserted(() -> {
            record Shown(String text, String visible, double right, double width) { }
            List<Shown> chipTexts = fx(() -> harness.robot.lookup(".agent-chip").queryAll().stream()
                    .flatMap(chip -> java.util.stream.Stream.concat(chip.lookupAll(".label").stream(),
                            chip.lookupAll(".hyperlink").stream())).filter(Labeled.class::isInstance)
                    .map(Labeled.class::cast).filter(l -> shown(l) && l.getText() != null && !l.getText().isEmpty())
                    .map(l -> new Shown(l.getText(), visibleText(l), inScene(l).getMaxX(), harness.stage.getScene().getWidth()))
                    .toList());
            assertThat(chipTexts.stream().map(Shown::text)).as("both chips offline, with their link")
                    .anyMatch(text -> text.startsWith("offline since")).contains("reconnect now");
            for (Shown text : chipTexts) {
                assertThat(text.visible()).as("chip text not cut").isEqualTo(text.text());
                assertThat(text.right()).as(text.text() + " in the window").isLessThanOrEqualTo(text.width());
            }
        });
    }

    @Test
    void fourAgentsDownAt1024KeepTheirLinksWholeAndSayWhatFitsInTheChipsAndTheTree() throws Exception {
        // Four chips with long names, two offline with a countdown, one never reached (its port refuses from the start)
        // and one refused: the whole wordings cannot fit 1024 px. Each badge says less first (never below its word, the
        // countdown in its tooltip), then the longest names shorten to their first letters (whole in their tooltips);
        // links never. The tree keeps every badge whole.
        fx(() -> harness.console.fleet().add(new io.capstan.client.AgentEndpoint("This computer at the edge",
                harness.agent.baseUrl(), harness.agent.token())));
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens once it is closed: refused from the first try
        }
        fx(() -> harness.console.fleet().add(new io.capstan.client.AgentEndpoint("Staging in the west",
                "http://127.0.0.1:" + closed, harness.agent.token())));
        fx(() -> harness.console.fleet().add(new io.capstan.client.AgentEndpoint("Refused at the door", harness.agent.baseUrl(),
                "not-the-token-" + "x".repeat(30))));
        await().atMost(WAIT).until(() -> fx(() -> harness.console.fleet().agents().size() == 4
                && harness.console.fleet().agents().stream().filter(agent -> !agent.name().startsWith("Refused"))
                        .allMatch(agent -> agent.snapshot() != null)));
        fx(() -> {
            harness.stage.setMaximized(false);
            harness.stage.setWidth(1024);
            harness.stage.setHeight(700);
            return null;
        });
        harness.stopAgent();
        await().atMost(WAIT).untilAsserted(() -> {
            record Chip(Labeled name, Labeled badge, Labeled link) { }
            List<Chip> chips = fx(() -> harness.robot.lookup(".agent-chip").queryAll().stream()
                    .map(chip -> new Chip((Labeled) chip.lookup(".chip-name"), (Labeled) chip.lookup(".badge"),
                            (Labeled) chip.lookup(".hyperlink")))
                    .toList());
            assertThat(chips).as("four chips").hasSize(4);
            double width = fx(() -> harness.stage.getScene().getWidth());
            for (Chip chip : chips) {
                String name = fx(() -> chip.name().getText());
                String badge = fx(() -> chip.badge().getText());
                String tooltip = fx(() -> chip.badge().getTooltip().getText());
                if (name.startsWith("Refused")) {
                    assertThat(badge).isIn("authentication failed", "auth failed");
                    assertThat(tooltip).startsWith("Authentication failed");
                    assertThat(fx(() -> chip.link().getText())).isEqualTo("fix token…");
                } else if (name.startsWith("Staging")) {
                    assertThat(badge).as("never reached: no since").isIn("not reached yet", "not reached", "unseen");
                    assertThat(tooltip).containsPattern("^Not reached yet, (next try in \\d+ s|trying now)\\. ")
                            .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d");
                    assertThat(fx(() -> chip.link().getText())).isEqualTo("reconnect now");
                } else {
                    assertThat(badge).as("a badge says at least its word").startsWith("offline");
                    assertThat(tooltip).as("the whole status one hover away")
                            .containsPattern("Offline since \\d\\d:\\d\\d:\\d\\d, (next try in \\d+ s|trying now)");
                    assertThat(fx(() -> chip.link().getText())).isEqualTo("reconnect now");
                }
                assertThat(badge).as("no room for a countdown").doesNotContain("next try");
                assertThat(fx(() -> visibleText(chip.name()))).as("a name keeps at least its first letters")
                        .startsWith(name.substring(0, Math.min(8, name.length())).strip());
                assertThat(fx(() -> chip.name().getTooltip().getText())).isEqualTo(name);
                for (Labeled whole : List.of(chip.badge(), chip.link())) {
                    assertThat(fx(() -> visibleText(whole))).as("badge and link whole").isEqualTo(fx(whole::getText));
                }
                assertThat(fx(() -> inScene(chip.link()).getMaxX())).as(name + "'s link in the window")
                        .isLessThanOrEqualTo(width);
            }
            List<String> cut = new java.util.ArrayList<>();
            fx(() -> cutTexts(cut));
            assertThat(cut).as("tree badges and tables whole beside four long agent names").isEmpty();
            assertThat(fx(() -> harness.robot.lookup(".deployments-pane .tree-view .badge").queryAll().stream()
                    .map(n -> ((Labeled) n).getText()).toList())).as("the refused agent in the tree").containsAnyOf(
                            "authentication failed", "auth failed").as("the agent never reached").containsAnyOf("not reached", "unseen");
        });
    }

    /**
     * At the window's first size, 1280x800, with two agents, services whose badges read "running" show their uptime
     * whole beside the Process column's figures (the demo's wider badges: {@link
     * #aRestartedServiceLeavesEveryUptimeShownAtTheDefaultSizeAndAt1024}).
     */
    @Test
    void withTwoAgentsAt1280TheServicesShowTheirUptimeBesideTheirFigures() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        withASecondAgentAt(1280, 800);
        await().atMost(WAIT).until(() -> fx(() -> harness.console.deployments().services().size() == 3));
        // The widest content: the running services' figures come with the first resource poll's answer.
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".services-pane .resource-figures").queryAll().stream()
                .filter(n -> shown(n) && !((Labeled) n).getText().isEmpty()).count() >= 2));

        await().atMost(WAIT).untilAsserted(() -> {
            String widths = fx(() -> {
                TableView<?> table = (TableView<?>) harness.robot.lookup(".services-pane .table-view").query();
                return table.getColumns().stream().map(c -> c.getText() + "=" + c.getWidth() + "/pref " + c.getPrefWidth()
                        + "/min " + c.getMinWidth() + (c.isVisible() ? "" : " (hidden)")).toList() + ", table " + table.getWidth();
            });
            List<String> shownColumns = fx(() -> ((TableView<?>) harness.robot.lookup(".services-pane .table-view").query())
                    .getVisibleLeafColumns().stream().map(TableColumn::getText).toList());
            assertThat(shownColumns).as("columns at 1280x800 with two agents: " + widths).contains("Since", "Process");
            List<String> cut = new java.util.ArrayList<>();
            fx(() -> cutTexts(cut));
            assertThat(cut).as("texts cut at 1280x800 with two agents: " + widths).isEmpty();
        });
        // The agent row says what runs, in full, at the default width (its short name leaves the room).
        assertThat(fx(() -> harness.robot.lookup(".row-detail").queryAll().stream().map(n -> visibleText((Labeled) n)).toList()))
                .as("the agents' details at 1280").contains("1 of 1 deployment running");
    }

    /**
     * The first screen (decision 161): at the window's default size and at 1024x700, a service the agent restarted three
     * times ("running · 3 restarts", wider than the usual badge) beside two running healthy ones. The badge grew its
     * column, and the Since column was shed for it while the process figures kept their full width: a new user saw no
     * uptimes at all. Now the figures say less first: every service's uptime is shown, whole, and no badge is cut.
     */
    @Test
    void aRestartedServiceLeavesEveryUptimeShownAtTheDefaultSizeAndAt1024() throws Exception {
        RestartedShop.open(harness, 3);
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.stage.setMaximized(false);
            harness.console.deployments().selectedKeyProperty().set(lab.name() + "/" + RestartedShop.NAME);
            return null;
        });
        for (javafx.geometry.Dimension2D size : List.of(io.capstan.console.shell.WindowPlacement.DEFAULT,
                new javafx.geometry.Dimension2D(1024, 700))) {
            fx(() -> {
                harness.stage.setWidth(size.getWidth());
                harness.stage.setHeight(size.getHeight());
                return null;
            });
            String at = (int) size.getWidth() + "x" + (int) size.getHeight();
            harness.labelled("badge", "running · 3 restarts");
            // The widest content: the running services' figures come with the first resource poll's answer.
            await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup(".services-pane .resource-figures").queryAll().stream()
                    .filter(n -> shown(n) && !((Labeled) n).getText().isEmpty()).count() == 3));
            await().atMost(WAIT).untilAsserted(() -> {
                String widths = fx(() -> {
                    TableView<?> table = (TableView<?>) harness.robot.lookup(".services-pane .table-view").query();
                    return table.getColumns().stream().map(c -> c.getText() + "=" + c.getWidth() + "/pref " + c.getPrefWidth()
                            + "/min " + c.getMinWidth() + (c.isVisible() ? "" : " (hidden)")).toList() + ", table " + table.getWidth();
                });
                assertThat(fx(this::uptimesShown)).as("every service's uptime at " + at + ": " + widths)
                        .hasSize(3).allSatisfy(uptime -> assertThat(uptime).matches(".*\\d+ ?[smhd].*"));
                List<String> cut = new java.util.ArrayList<>();
                fx(() -> cutTexts(cut));
                assertThat(cut).as("texts cut at " + at + ": " + widths).isEmpty();
            });
        }
    }

    /**
     * The uptimes the services table draws, each checked against what its ticking column says for its row now
     * ({@code Columns.tickingText}); a drawn text that differs (a cell showing another row's) fails.
     */
    @SuppressWarnings("unchecked")
    private List<String> uptimesShown() {
        TableView<io.capstan.protocol.Service> table =
                (TableView<io.capstan.protocol.Service>) harness.robot.lookup(".services-pane .table-view").query();
        TableColumn<io.capstan.protocol.Service, ?> since = table.getColumns().stream()
                .filter(c -> c.getText().equals("Since")).findFirst().orElseThrow();
        List<String> shownUptimes = new java.util.ArrayList<>();
        for (Node node : table.lookupAll(".ticking-text")) {
            if (node instanceof TickingText ticking && shown(ticking) && !ticking.getText().isEmpty()
                    && ticking.getParent() instanceof javafx.scene.control.TableCell<?, ?> cell && cell.getTableColumn() == since) {
                String expected = io.capstan.console.fx.Columns.tickingText(since,
                        (io.capstan.protocol.Service) cell.getTableRow().getItem());
                assertThat(ticking.getText()).as("the uptime drawn for " + cell.getTableRow().getItem()).isEqualTo(expected);
                shownUptimes.add(ticking.getText());
            }
        }
        return shownUptimes;
    }

    /**
     * A status badge keeps its pill on a selected row, also while a modal dialog has the keyboard (issue 12, checked
     * from outside: the selected deployment's badge "lost its pill" and read as plain text): its pill is drawn as on a
     * row that is not selected, and stands apart from the selection's colour, in both themes.
     */
    @Test
    void aSelectedRowsBadgeKeepsItsPillWhileADialogIsOpenInBothThemes() {
        Job start = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(start.id()).status().isTerminal());
        for (boolean dark : new boolean[] {false, true}) {
            fx(() -> {
                harness.console.view().darkItem().setSelected(dark);
                harness.console.deployments().selectedKeyProperty().set(ConsoleHarness.AGENT);
                return null;
            });
            await().atMost(WAIT).until(() -> fx(() -> appBadge() != null && !appCell().isSelected()));
            javafx.scene.paint.Color plain = fx(this::pillColour);

            fx(() -> {
                harness.console.deployments().selectedKeyProperty().set(ConsoleHarness.AGENT + "/app");
                return null;
            });
            await().atMost(WAIT).until(() -> fx(() -> appCell() != null && appCell().isSelected()));
            // A modal dialog over the window, as Add agent (Ctrl+N) opens one.
            harness.robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.N);
            await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#connection-dialog").tryQuery().isPresent()));
            fx(() -> null);
            javafx.scene.paint.Color selected = fx(this::pillColour);
            javafx.scene.paint.Color row = fx(this::rowColour);
            harness.robot.push(javafx.scene.input.KeyCode.ESCAPE);
            await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#connection-dialog").tryQuery().isEmpty()));

            String theme = dark ? "dark" : "light";
            assertThat(distance(selected, plain)).as(theme + ": the pill " + selected + " drawn as on a row not selected "
                    + plain).isLessThan(0.02);
            assertThat(distance(selected, row)).as(theme + ": the pill " + selected + " apart from the selected row " + row)
                    .isGreaterThan(0.05);
        }
    }

    private javafx.scene.control.TreeCell<?> appCell() {
        return harness.robot.lookup(".deployments-pane .tree-cell").queryAllAs(javafx.scene.control.TreeCell.class).stream()
                .filter(cell -> cell.getItem() instanceof io.capstan.console.deployments.TreeRow.DeploymentRow row
                        && row.deployment().name().equals("app")).findFirst().orElse(null);
    }

    private Labeled appBadge() {
        javafx.scene.control.TreeCell<?> cell = appCell();
        return cell == null ? null : (Labeled) cell.lookup(".badge");
    }

    /** The colour drawn inside the app row's badge, left of its text (in its padding). */
    private javafx.scene.paint.Color pillColour() {
        Labeled badge = appBadge();
        Bounds b = inScene(badge);
        return pixel(b.getMinX() + 3, b.getMinY() + b.getHeight() / 2);
    }

    /** The colour of the app row between its name and its detail. */
    private javafx.scene.paint.Color rowColour() {
        javafx.scene.control.TreeCell<?> cell = appCell();
        Bounds b = inScene(cell);
        return pixel(b.getMinX() + b.getWidth() * 0.45, b.getMinY() + b.getHeight() / 2);
    }

    private javafx.scene.paint.Color pixel(double x, double y) {
        javafx.scene.image.WritableImage image = harness.stage.getScene().snapshot(null);
        return image.getPixelReader().getColor((int) x, (int) y);
    }

    private static double distance(javafx.scene.paint.Color a, javafx.scene.paint.Color b) {
        return Math.max(Math.abs(a.getRed() - b.getRed()), Math.max(Math.abs(a.getGreen() - b.getGreen()),
                Math.abs(a.getBlue() - b.getBlue())));
    }

    /**
     * Adds to {@code cut} every text the tables and the tree show cut short; returns how many texts were looked at. A
     * service's CPU and memory may give way only where the table has no room for its Process column's need (their
     * designed place to give: whole in the tooltip); where it has, they are whole too.
     */
    private int cutTexts(List<String> cut) {
        int checked = 0;
        for (String where : List.of(".services-pane .table-view", ".jobs-pane .table-view", ".deployments-pane .tree-view")) {
            Node area = harness.robot.lookup(where).query();
            java.util.Set<Node> nodes = new java.util.LinkedHashSet<>();
            for (String kind : List.of(".table-cell", ".badge", ".label", ".ticking-text")) {
                nodes.addAll(area.lookupAll(kind));
            }
            for (Node node : nodes) {
                // An uptime or a running job's duration (TickingText): cut when wider than its room or its cell.
                if (node instanceof TickingText ticking && shown(ticking) && !ticking.getText().isEmpty()) {
                    checked++;
                    Node cell = ticking.getParent();
                    if (ticking.textWidth() > ticking.getWidth() + 0.5
                            || ticking.getBoundsInParent().getMaxX() > cell.getLayoutBounds().getWidth() + 0.5) {
                        cut.add(where + ": \"" + ticking.getText() + "\" wider than its room (" + ticking.getWidth() + " px)");
                    }
                }
                if (node instanceof Labeled label && shown(label) && label.getText() != null && !label.getText().isEmpty()) {
                    checked++;
                    if (!visibleText(label).equals(label.getText()) && !givesWayForLackOfRoom(label)) {
                        cut.add(where + ": \"" + label.getText() + "\" shown as \"" + visibleText(label) + "\"");
                    }
                }
            }
        }
        return checked;
    }

    private static boolean givesWayForLackOfRoom(Labeled label) {
        if (label.getStyleClass().contains("agent-name")) {
            return nameGivesWayToItsBadge(label);
        }
        if (!label.getStyleClass().contains("resource-figures")) return false;
        // Cut only on the last rung of their ladder (decision 161): pid and sparkline gone before the figures are cut.
        if (label.getParent().getChildrenUnmodifiable().stream().anyMatch(n -> n != label && n.isVisible())) return false;
        for (Node n = label; n != null; n = n.getParent()) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> cell && cell.getTableColumn() != null) {
                return cell.getTableColumn().getWidth() < cell.getTableColumn().getPrefWidth();
            }
        }
        return false;
    }

    /**
     * An agent's long name may give way in a narrow tree, but only to keep its row's badge whole and inside the tree
     * (the old layout kept the name and pushed "live" or "authentication failed" past the tree's edge), and only down to
     * its first letters.
     */
    private static boolean nameGivesWayToItsBadge(Labeled name) {
        Node row = name.getParent();
        Labeled badge = (Labeled) row.lookup(".badge");
        Node tree = row;
        while (tree != null && !(tree instanceof TreeView<?>)) {
            tree = tree.getParent();
        }
        return visibleText(name).startsWith(name.getText().substring(0, Math.min(8, name.getText().length())).strip())
                && badge != null && visibleText(badge).equals(badge.getText()) && tree != null
                && inScene(badge).getMaxX() <= inScene(tree).getMaxX();
    }

    /** The text a label shows now: its text, or the text cut with an ellipsis. */
    private static String visibleText(Labeled label) {
        return label.lookupAll(".text").stream().filter(Text.class::isInstance).map(node -> ((Text) node).getText())
                .findFirst().orElse(label.getText());
    }

    @Test
    void longLinesGetAHorizontalScrollBarWhenWrapIsOff() {
        LogPane pane = openChattyLog();
        await().atMost(WAIT).until(() -> fx(() -> pane.model().shown().stream().anyMatch(r -> r.text().contains(LONG_NAME))));
        toTop(pane);
        ScrollBar horizontal = bar(pane, Orientation.HORIZONTAL);
        await().atMost(WAIT).until(() -> fx(() -> horizontal.isVisible() && horizontal.getMax() > 0));

        fx(() -> {
            pane.model().wrapProperty().set(true);
            return null;
        });

        // Wrapping builds a new flow (it forgets the widths it measured), so the bar is looked up again.
        await().atMost(WAIT).until(() -> {
            ScrollBar now = bar(pane, Orientation.HORIZONTAL);
            return fx(() -> !now.isVisible());
        });
    }

    @Test
    void aWheelNotchScrollsAboutThreeLines() {
        LogPane pane = openChattyLog();
        await().atMost(WAIT).until(() -> fx(() -> pane.model().shown().size() > 200));
        toTop(pane);
        harness.robot.push(javafx.scene.input.KeyCode.PAGE_DOWN);
        await().atMost(WAIT).until(() -> !java.util.Objects.equals(first(pane), fx(() -> pane.model().shown().get(0))));
        LogEntry top = first(pane);
        harness.robot.moveTo(fx(() -> pane.node().lookup(".log-rows")));

        harness.robot.scroll(1, VerticalDirection.DOWN);

        await().atMost(WAIT).until(() -> !java.util.Objects.equals(first(pane), top));
        List<LogEntry> shown = fx(() -> List.copyOf(pane.model().shown()));
        // Headless Monocle's wheel runs backwards, so only the distance is checked, not the direction.
        int moved = Math.abs(shown.indexOf(first(pane)) - shown.indexOf(top));
        assertThat(moved).as("rows moved by one notch").isBetween(2, 4);
    }

    /** Home on the pane's lines: follow off, the first row at the top (where the long lines are). */
    private void toTop(LogPane pane) {
        fx(() -> {
            pane.focusLines();
            return null;
        });
        harness.robot.push(javafx.scene.input.KeyCode.HOME);
        await().atMost(WAIT).until(() -> java.util.Objects.equals(first(pane), fx(() -> pane.model().shown().get(0))));
    }

    @Test
    void aNewRunOnTheSameTargetTakesTheFinishedRunsTab() {
        Job first = harness.client.startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(first.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        Job other = harness.client.startServiceJob("app", "worker", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(other.id()).status().isTerminal());
        fx(() -> {
            harness.console.view().dock().openJob(lab, other);
            harness.console.view().dock().openJob(lab, first);
            return null;
        });
        String firstKey = LogPaneFactory.jobKey(lab, first.id());
        String otherKey = LogPaneFactory.jobKey(lab, other.id());
        await().atMost(WAIT).until(() -> fx(() -> harness.console.view().dock().openKeys()).equals(List.of(otherKey, firstKey)));

        Job again = harness.client.startServiceJob("app", "web", Action.STOP);
        fx(() -> {
            harness.console.view().dock().openJob(lab, again);
            return null;
        });

        assertThat(fx(() -> harness.console.view().dock().openKeys()))
                .as("the finished web job's tab now shows the new web job; the worker's stays")
                .containsExactly(otherKey, LogPaneFactory.jobKey(lab, again.id()));
    }

    @Test
    void withTwoAgentsPaneAndWindowTitlesNameTheAgent() {
        Job job = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        fx(() -> {
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        javafx.scene.control.TabPane tabs = fx(() -> (javafx.scene.control.TabPane) harness.robot.lookup("#logTabs").query());
        await().atMost(WAIT).until(() -> fx(() -> tabs.getTabs().get(0).getText()).startsWith("start app"));
        assertThat(fx(() -> tabs.getTabs().get(0).getText())).as("one agent: no name").doesNotContain("lab");
        harness.clickLabelled("deployment-name", "app");
        assertThat(fx(harness.stage::getTitle)).as("one agent: the main window is just Capstan").isEqualTo("Capstan");

        fx(() -> harness.console.fleet().add(new io.capstan.client.AgentEndpoint("prod", harness.agent.baseUrl(),
                harness.agent.token())));

        await().atMost(WAIT).until(() -> fx(() -> tabs.getTabs().get(0).getText()).endsWith(" · lab"));
        javafx.stage.Stage window = fx(() -> harness.console.view().dock().detachSelected());
        assertThat(fx(window::getTitle)).contains(" · lab").endsWith("— Capstan");
        // The main window names the agent it looks at: a deployment of it, or the agent itself.
        fx(() -> {
            harness.console.deployments().selectedKeyProperty().set("lab/app");
            return null;
        });
        await().atMost(WAIT).until(() -> fx(harness.stage::getTitle), "app · lab — Capstan"::equals);
        fx(() -> {
            harness.console.deployments().selectedKeyProperty().set("prod");
            return null;
        });
        assertThat(fx(harness.stage::getTitle)).isEqualTo("prod — Capstan");
    }

    @Test
    void closingADetachedWindowOffersToPutTheLogBack() {
        Job job = harness.client.startDeploymentJob("app", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(job.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        String key = LogPaneFactory.jobKey(lab, job.id());
        fx(() -> {
            harness.console.view().dock().openJob(lab, job);
            return null;
        });
        Object pane = fx(() -> harness.console.view().dock().pane(key).orElseThrow());
        javafx.stage.Stage window = fx(() -> harness.console.view().dock().detachSelected());

        // As the window's close button does; not waited for, since the question is modal.
        javafx.application.Platform.runLater(() -> window.fireEvent(
                new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        await().atMost(WAIT).until(() -> fx(() -> harness.robot.lookup("#dock-back-dialog").tryQuery().isPresent()));
        Node dialog = fx(() -> harness.robot.lookup("#dock-back-dialog").query());
        harness.robot.clickOn(fx(() -> (Node) harness.robot.from(dialog).lookup("Put back in the main window").query()));

        await().atMost(WAIT).until(() -> !fx(window::isShowing));
        javafx.scene.control.TabPane tabs = fx(() -> (javafx.scene.control.TabPane) harness.robot.lookup("#logTabs").query());
        assertThat(fx(() -> tabs.getTabs().stream().map(t -> (String) t.getUserData()).toList())).containsExactly(key);
        assertThat(fx(() -> harness.console.view().dock().pane(key).orElseThrow())).as("the same pane, its stream kept")
                .isSameAs(pane);
    }

    @Test
    void detachedWindowsCascade() {
        Job first = harness.client.startServiceJob("app", "web", Action.START);
        Job second = harness.client.startServiceJob("app", "worker", Action.START);
        await().atMost(WAIT).until(() -> harness.client.job(first.id()).status().isTerminal()
                && harness.client.job(second.id()).status().isTerminal());
        AgentConnection lab = harness.lab();
        List<javafx.stage.Stage> windows = fx(() -> {
            harness.console.view().dock().openJob(lab, first);
            javafx.stage.Stage one = harness.console.view().dock().detachSelected();
            harness.console.view().dock().openJob(lab, second);
            javafx.stage.Stage two = harness.console.view().dock().detachSelected();
            return List.of(one, two);
        });

        assertThat(fx(() -> windows.get(1).getX() - windows.get(0).getX())).as("stepped right").isPositive();
        assertThat(fx(() -> windows.get(1).getY() - windows.get(0).getY())).as("stepped down").isPositive();
    }

    private static LogEntry first(LogPane pane) {
        return fx(() -> pane.view().visibleRows().get(0));
    }
}
