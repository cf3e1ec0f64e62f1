package io.capstan.console.deployments;

import io.capstan.console.common.LogOpener;
import io.capstan.console.common.ServiceInspector;
import io.capstan.console.format.ProcessText;
import io.capstan.console.format.ResourceText;
import io.capstan.console.resources.ResourcePoller;
import io.capstan.console.resources.ResourceTrace;
import io.capstan.console.resources.Sparkline;
import io.capstan.console.format.Badges;
import io.capstan.console.format.Durations;
import io.capstan.console.format.SwarmText;
import io.capstan.console.fx.Columns;
import io.capstan.protocol.Action;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;

/**
 * The selected deployment's services: status badge (with health, crash-looping, or a swarm service's replicas,
 * "running 2/3"), uptime, pid, container or a swarm service's tasks with their nodes, exit code, the job
 * holding it; a swarm's nodes above them.
 * Selecting a row makes that service the action target; double-click or Enter opens its runtime log, Alt+Enter
 * (or the row's menu, or the main menu's Ctrl+I) its detail view. The Process column adds the current CPU and memory
 * with a CPU sparkline, from one poll of the deployment's series per sampling interval ({@link ResourcePoller}).
 */
public final class ServicesView {

    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");

    /** The main menu's "Open service log" shortcut, shown in the row's menu too. */
    private static final KeyCombination OPEN_LOG = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    /** The main menu's "Inspect service" shortcut, shown in the row's menu too. */
    public static final KeyCombination INSPECT = new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN);

    private final DeploymentsViewModel model;
    private final ActionsViewModel actions;
    private final LogOpener logs;
    private final ServiceInspector inspector;
    private final ResourcePoller resources;
    private final Clock clock;
    private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();
    /** True while the services list is being replaced from a snapshot: the table's passing deselection is not the user's. */
    private boolean refreshing;

    @FXML
    private Label header;
    @FXML
    private Label errorLabel;
    /** A swarm deployment's nodes (state, availability, tasks on each); hidden for other backends. */
    @FXML
    private Label nodesLabel;
    @FXML
    private TableView<Service> table;
    @FXML
    private TableColumn<Service, String> nameColumn;
    @FXML
    private TableColumn<Service, Service> statusColumn;
    @FXML
    private TableColumn<Service, Service> sinceColumn;
    /** The process (pid, container or swarm tasks) with its CPU sparkline and figures: no room for another column. */
    @FXML
    private TableColumn<Service, ProcessFigures> pidColumn;
    @FXML
    private TableColumn<Service, String> exitColumn;

    public ServicesView(DeploymentsViewModel model, ActionsViewModel actions, LogOpener logs, ServiceInspector inspector,
                        ResourcePoller resources, Clock clock) {
        this.model = model;
        this.actions = actions;
        this.logs = logs;
        this.inspector = inspector;
        this.resources = resources;
        this.clock = clock;
        this.now.set(clock.instant());
    }

    @FXML
    private void initialize() {
        // Registered before the table's own listener, so it runs first; the one after the table's puts selection back.
        model.services().addListener((javafx.collections.ListChangeListener<Service>) change -> refreshing = true);
        table.setItems(model.services());
        model.services().addListener((javafx.collections.ListChangeListener<Service>) change -> {
            refreshing = false;
            reselect();
        });
        Columns.fitHeaders(table);
        Columns.text(nameColumn, Service::name);
        // A restarting service counts down to its restart ("restarting in 8 s"): its badge follows the ticking clock.
        Columns.badge(statusColumn, service -> Badges.service(service, model.unreachableProperty().get() != null, clockNow()),
                now, model.frozenAtProperty());
        // Cells that follow the ticking clock, so uptimes count without recreating cells (refresh() would, under the
        // pointer) or laying the table out again each second. While the agent is offline the clock stops where the
        // agent was last seen.
        Columns.ticking(sinceColumn, service -> service.since() == null ? "" : Durations.uptime(service.since(), clockNow()),
                now, model.frozenAtProperty());
        pidColumn.setCellValueFactory(cell -> Bindings.createObjectBinding(() -> new ProcessFigures(
                cell.getValue(), trace(cell.getValue()),
                ResourceText.absent(cell.getValue(), model.unreachableProperty().get())),
                resources.revisionProperty(), model.unreachableProperty()));
        pidColumn.setCellFactory(column -> new ProcessCell());
        Columns.text(exitColumn, service -> ExitStatus.meaning(service.exitCode()));
        // A column empty in every row takes no room. Short of room, the process figures say less first (decision 161:
        // they are a detail, the uptime is a state an operator reads at a glance); then Since and Exit step aside, in
        // that order, when the table cannot show them whole (the exit code outranks the uptime: it matters when
        // something went wrong). There is no job column: a job id (28 characters) never fitted, and the jobs table
        // beside says what runs.
        Columns.shedWhenNarrow(table, Columns.GivingWay.first(pidColumn), java.util.List.of(sinceColumn, exitColumn),
                column -> column == sinceColumn || model.services().stream().anyMatch(s -> s.exitCode() != null),
                model.services());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.selectedServiceProperty().set(now.name());
            } else if (!refreshing && !model.services().isEmpty()) {
                model.selectedServiceProperty().set(null);
            }
        });
        model.selectedServiceProperty().addListener((obs, old, now) -> {
            if (now == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        model.unreachableProperty().addListener((obs, old, now) -> {
            table.pseudoClassStateChanged(OFFLINE, now != null);
            table.refresh();
            showHeader();
        });
        model.selectedProperty().addListener((obs, old, now) -> {
            if (old == null || now == null || !old.key().equals(now.key())) {
                table.getSelectionModel().clearSelection();
                model.selectedServiceProperty().set(null);
                pollResourcesOf(now);
            }
            showHeader();
        });
        table.setRowFactory(view -> {
            TableRow<Service> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    openLog(row.getItem());
                }
            });
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(menu(row)));
            return row;
        });
        table.setOnKeyPressed(event -> {
            Service selected = table.getSelectionModel().getSelectedItem();
            if (event.getCode() == KeyCode.ENTER && selected != null) {
                if (event.isAltDown()) {
                    inspect(selected);
                } else {
                    openLog(selected);
                }
            }
        });
        showHeader();
    }

    /** Advances the uptime column; the main window calls this once a second. */
    public void tick() {
        now.set(clock.instant());
        resources.tick();
    }

    /** Opens the selected service's detail view; false when no service is selected. */
    public boolean inspectSelected() {
        Service service = table.getSelectionModel().getSelectedItem();
        if (service == null) {
            return false;
        }
        inspect(service);
        return true;
    }

    /** Opens the detail view of any service (the command palette's "Inspect"). */
    public void inspect(io.capstan.console.agents.AgentConnection agent, String deployment, String service) {
        inspector.inspect(agent, deployment, service);
    }

    private void inspect(Service service) {
        Target target = model.targetProperty().get();
        if (target != null) {
            inspector.inspect(target.agent(), target.deployment().name(), service.name());
        }
    }

    /** Polls the shown deployment's series (one request per interval for the whole table), or stops polling. */
    private void pollResourcesOf(TreeRow row) {
        if (row instanceof TreeRow.DeploymentRow d) {
            var agent = d.agent();
            String deployment = d.deployment().name();
            resources.show(since -> agent.client().resources(deployment, since).services());
        } else {
            resources.show(null);
        }
    }

    /** The polled series, else (before the first answer) the latest sample the snapshot carries; none when down. */
    private ResourceTrace trace(Service service) {
        if (!ResourceText.current(service, model.unreachableProperty().get() != null)) {
            return ResourceTrace.EMPTY;
        }
        ResourceTrace polled = resources.trace(service.name());
        if (polled.size() > 0) {
            return polled;
        }
        return service.resources() == null ? ResourceTrace.EMPTY : ResourceTrace.of(List.of(service.resources()));
    }

    /** What the Process column shows: the service, its CPU and memory while it runs, and why not when it has none. */
    private record ProcessFigures(Service service, ResourceTrace trace, String unmeasured) {
    }

    /**
     * "4242", a CPU sparkline and "12% · 85 MB" where there is room: the column asks for what the whole says. It is the
     * column that gives way (decision 161): short of room it says less ({@link ProcessText#rungs}: without the pid,
     * without the sparkline, the CPU alone) before the uptime beside it is shed, and only its last wording is cut, with
     * an ellipsis. The whole is in its tooltip and the detail view.
     */
    private static final class ProcessCell extends TableCell<Service, ProcessFigures> {
        /** A pixel to spare: a label cuts a text whose width rounds above its room. */
        private static final double SLACK = 1;

        private final Label process = new Label();
        private final Sparkline line = new Sparkline(40, 14);
        private final Label figures = new Label();
        private final HBox box = new HBox(4, process, line, figures);
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        private List<ProcessText.Rung> rungs = List.of();

        ProcessCell() {
            Columns.alignAsTheTheme(this);
            figures.getStyleClass().add("resource-figures");
            process.setMinWidth(0);
            figures.setMinWidth(0);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            box.setMinWidth(0);
        }

        @Override
        protected void updateItem(ProcessFigures item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                rungs = List.of();
                setGraphic(null);
                setTooltip(null);
                return;
            }
            boolean running = item.trace().size() > 0;
            if (running) {
                line.draw(item.trace());
            }
            ResourceSample latest = running ? item.trace().latest() : null;
            rungs = ProcessText.rungs(ProcessText.process(item.service()), latest);
            String whole = ProcessText.tooltip(item.service(), latest, item.unmeasured());
            tip.setText(whole == null ? "" : whole);
            setTooltip(whole == null ? null : tip);
            show(rungs.get(0));
            setGraphic(box);
            // The column's need is the whole wording's; the layout below says less when the column is narrower.
            Columns.fitContent(this, box);
        }

        @Override
        protected void layoutChildren() {
            if (!rungs.isEmpty()) {
                // The column's width, not only the cell's: a cell laid out before its column narrowed kept its rung.
                double width = getTableColumn() == null ? getWidth() : Math.min(getWidth(), getTableColumn().getWidth());
                show(chosen(width - snappedLeftInset() - snappedRightInset()));
            }
            super.layoutChildren();
        }

        /** The longest wording that fits {@code room}; the last one (cut) when none does. */
        private ProcessText.Rung chosen(double room) {
            for (ProcessText.Rung rung : rungs) {
                show(rung);
                if (width() + SLACK <= room) {
                    return rung;
                }
            }
            return rungs.get(rungs.size() - 1);
        }

        /**
         * What the shown parts need side by side: each part's own preferred width (its text in its font and padding, as
         * the box lays it out), not the box's, whose size is cached until its next layout.
         */
        private double width() {
            double width = box.snappedLeftInset() + box.snappedRightInset();
            int parts = 0;
            for (javafx.scene.Node part : box.getChildren()) {
                if (part.isManaged()) {
                    width += part.prefWidth(-1);
                    parts++;
                }
            }
            return width + box.getSpacing() * Math.max(0, parts - 1);
        }

        private void show(ProcessText.Rung rung) {
            // A cell with nothing to say keeps its (empty) label, so it keeps a label's height as it did before.
            showPart(process, !rung.process().isEmpty() || rung.figures().isEmpty());
            process.setText(rung.process());
            showPart(line, rung.sparkline());
            showPart(figures, !rung.figures().isEmpty());
            figures.setText(rung.figures());
        }

        private static void showPart(javafx.scene.Node part, boolean shown) {
            if (part.isVisible() != shown) {
                part.setVisible(shown);
                part.setManaged(shown);
            }
        }
    }

    /** Selects {@code service} of the shown deployment, as a click on its row would; false if it is not shown. */
    public boolean select(String service) {
        for (int i = 0; i < model.services().size(); i++) {
            if (model.services().get(i).name().equals(service)) {
                table.getSelectionModel().select(i);
                return true;
            }
        }
        return false;
    }

    /** Opens the selected service's runtime log; false when no service is selected. */
    public boolean openSelectedLog() {
        Service service = table.getSelectionModel().getSelectedItem();
        if (service == null) {
            return false;
        }
        openLog(service);
        return true;
    }

    private void openLog(Service service) {
        Target target = model.targetProperty().get();
        if (target != null) {
            logs.openService(target.agent(), target.deployment().name(), service.name());
        }
    }

    private ContextMenu menu(TableRow<Service> row) {
        List<MenuItem> entries = new ArrayList<>();
        for (Action action : Action.values()) {
            MenuItem item = new MenuItem(ActionsViewModel.verb(action) + " service");
            item.setAccelerator(ActionKeys.of(action));
            item.disableProperty().bind(actions.availableProperty(action).not());
            item.setOnAction(event -> actions.run(action));
            entries.add(item);
        }
        MenuItem log = new MenuItem("Open service log");
        log.setAccelerator(OPEN_LOG);
        log.setOnAction(event -> openLog(row.getItem()));
        MenuItem inspect = new MenuItem("Inspect service…");
        inspect.setAccelerator(INSPECT);
        inspect.setOnAction(event -> inspect(row.getItem()));
        entries.add(new SeparatorMenuItem());
        entries.add(log);
        entries.add(inspect);
        return new ContextMenu(entries.toArray(MenuItem[]::new));
    }

    /** After the list is refreshed from a snapshot, keep the user's service selected. */
    private void reselect() {
        String wanted = model.selectedServiceProperty().get();
        if (wanted == null) {
            return;
        }
        for (int i = 0; i < model.services().size(); i++) {
            if (model.services().get(i).name().equals(wanted)) {
                if (table.getSelectionModel().getSelectedIndex() != i) {
                    table.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    private void showHeader() {
        TreeRow row = model.selectedProperty().get();
        if (row instanceof TreeRow.DeploymentRow deploymentRow) {
            String offline = model.unreachableProperty().get();
            header.setText(deploymentRow.deployment().name() + " on " + row.agent().name() + (offline == null ? "" : " · " + offline));
            String error = deploymentRow.deployment().error();
            errorLabel.setText(error == null ? "" : error);
            errorLabel.setVisible(error != null);
            errorLabel.setManaged(error != null);
            String nodes = SwarmText.nodes(deploymentRow.deployment().nodes());
            nodesLabel.setText(nodes == null ? "" : nodes);
            nodesLabel.setVisible(nodes != null);
            nodesLabel.setManaged(nodes != null);
        } else {
            header.setText(row == null ? "Services" : row.agent().name());
            errorLabel.setVisible(false);
            errorLabel.setManaged(false);
            nodesLabel.setVisible(false);
            nodesLabel.setManaged(false);
        }
    }

    private Instant clockNow() {
        Instant frozen = model.frozenAtProperty().get();
        return frozen != null ? frozen : now.get();
    }
}
