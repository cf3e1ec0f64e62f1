package io.capstan.console.deployments;

import io.capstan.console.common.LogOpener;
import io.capstan.console.common.ServiceInspector;
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
 * (or the row's menu, or the main menu's Ctrl+I) its detail view. The CPU · MEM column shows the current figures with a
 * CPU sparkline, from one poll of the deployment's series per sampling interval ({@link ResourcePoller}).
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
    private TableColumn<Service, String> sinceColumn;
    @FXML
    private TableColumn<Service, String> pidColumn;
    @FXML
    private TableColumn<Service, String> exitColumn;
    @FXML
    private TableColumn<Service, String> jobColumn;
    @FXML
    private TableColumn<Service, ResourceTrace> resourcesColumn;

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
        Columns.badge(statusColumn, service -> Badges.service(service, model.unreachableProperty().get() != null));
        // Bound to the ticking clock, so uptimes count without recreating cells (refresh() would, under the pointer).
        // While the agent is offline the clock stops where the agent was last seen.
        sinceColumn.setCellValueFactory(cell -> Bindings.createStringBinding(() -> cell.getValue().since() == null ? ""
                : Durations.between(cell.getValue().since(), null, clockNow()), now, model.frozenAtProperty()));
        Columns.text(pidColumn, service -> service.container() != null ? service.container()
                : service.pid() != null ? Long.toString(service.pid()) : SwarmText.tasks(service));
        Columns.text(exitColumn, service -> ExitStatus.meaning(service.exitCode()));
        Columns.text(jobColumn, service -> service.activeJob() == null ? "" : service.activeJob());
        resourcesColumn.setCellValueFactory(cell -> Bindings.createObjectBinding(() -> trace(cell.getValue()),
                resources.revisionProperty()));
        resourcesColumn.setCellFactory(column -> new ResourceCell());
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
        if (service.resources() == null && service.status() != io.capstan.protocol.ServiceStatus.RUNNING) {
            return ResourceTrace.EMPTY;
        }
        ResourceTrace polled = resources.trace(service.name());
        if (polled.size() > 0) {
            return polled;
        }
        return service.resources() == null ? ResourceTrace.EMPTY : ResourceTrace.of(List.of(service.resources()));
    }

    /** "12% · 85 MB" beside a CPU sparkline; empty for a service that does not run. */
    private static final class ResourceCell extends TableCell<Service, ResourceTrace> {
        private final Sparkline line = new Sparkline(44, 14);
        private final Label text = new Label();
        private final HBox box = new HBox(4, line, text);

        ResourceCell() {
            text.getStyleClass().add("resource-figures");
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ResourceTrace trace, boolean empty) {
            super.updateItem(trace, empty);
            if (empty || trace == null || trace.size() == 0) {
                setGraphic(null);
                return;
            }
            line.draw(trace);
            text.setText(ResourceText.cell(trace.latest()));
            setGraphic(box);
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
