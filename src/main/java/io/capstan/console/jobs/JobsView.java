package io.capstan.console.jobs;

import io.capstan.console.format.Badges;
import io.capstan.console.format.JobColumns;
import io.capstan.console.fx.Columns;
import java.time.Clock;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/** Recent jobs of all agents; double-click or Enter opens the job's log, live or finished. */
public final class JobsView {

    /** Actions → Open job log, shown in a job row's menu too. */
    public static final KeyCombination OPEN_JOB = KeyCombination.keyCombination("Shortcut+O");
    /** Actions → Cancel job ("Ctrl+." cancels, as Cmd+. does on a Mac), shown in a job row's menu too. */
    public static final KeyCombination CANCEL_JOB = KeyCombination.keyCombination("Shortcut+Period");

    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");

    private final JobsViewModel model;
    private final Clock clock;
    private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();

    @FXML
    private TableView<JobRow> table;
    @FXML
    private TableColumn<JobRow, String> actionColumn;
    @FXML
    private TableColumn<JobRow, String> targetColumn;
    @FXML
    private TableColumn<JobRow, JobRow> statusColumn;
    @FXML
    private TableColumn<JobRow, String> byColumn;
    @FXML
    private TableColumn<JobRow, String> startedColumn;
    @FXML
    private TableColumn<JobRow, JobRow> durationColumn;
    @FXML
    private TableColumn<JobRow, String> agentColumn;

    public JobsView(JobsViewModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
        this.now.set(clock.instant());
    }

    private boolean severalAgents() {
        return model.rows().stream().map(JobRow::agent).distinct().count() > 1;
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        Columns.fitHeaders(table);
        Columns.text(actionColumn, row -> JobColumns.action(row.job()));
        Columns.text(targetColumn, JobRow::target);
        Columns.badge(statusColumn, row -> Badges.job(row.job(), row.agentOfflineSince() != null));
        Columns.text(byColumn, row -> JobColumns.startedBy(row.job()));
        Columns.text(startedColumn, row -> JobColumns.started(row.job(), clock.getZone()));
        Columns.ticking(durationColumn, row -> JobColumns.duration(row.job(), row.agentOfflineSince(), now.get()), now);
        Columns.text(agentColumn, row -> row.agent().name());
        // By earns its width only when someone other than the usual token acted, Agent only when there is more than
        // one agent (the row's tooltip always says who, and on which agent). Started, Took, By and Agent step aside, in
        // that order, when the table is too narrow to show them whole: at 1024 px with two agents, Agent took the
        // room the status badges and targets need (issue 12). The target, a name, gives way (with an ellipsis, whole in
        // the row's tooltip) only once they are all shed; every other column keeps its need (decision 161).
        Columns.shedWhenNarrow(table, Columns.GivingWay.last(targetColumn),
                java.util.List.of(startedColumn, durationColumn, byColumn, agentColumn),
                column -> column == agentColumn ? severalAgents()
                        : column != byColumn || model.rows().stream().map(r -> JobColumns.startedBy(r.job())).distinct().count() > 1,
                model.rows());
        table.setRowFactory(view -> {
            TableRow<JobRow> row = new TableRow<>();
            Tooltip who = new Tooltip();
            row.itemProperty().addListener((obs, old, now) -> {
                who.setText(now == null ? "" : JobColumns.tooltip(now.job(), severalAgents() ? now.agent().name() : null,
                        now.agentOfflineSince(), now.agent().reason(), clock.getZone()));
                row.setTooltip(now == null || who.getText().isEmpty() ? null : who);
                // Greyed as the tree and the services table grey an offline agent's rows.
                row.pseudoClassStateChanged(OFFLINE, now != null && now.unknown());
            });
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    model.open(row.getItem());
                }
            });
            MenuItem open = new MenuItem("Open log");
            open.setAccelerator(OPEN_JOB);
            open.setOnAction(event -> model.open(row.getItem()));
            MenuItem cancel = new MenuItem("Cancel job…");
            cancel.setAccelerator(CANCEL_JOB);
            cancel.setOnAction(event -> model.cancel(row.getItem()));
            row.itemProperty().addListener((obs, old, now) ->
                    cancel.setDisable(now == null || now.job().status().isTerminal()));
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(new ContextMenu(open, cancel)));
            return row;
        });
        model.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                model.open(table.getSelectionModel().getSelectedItem());
            }
        });
    }

    /** Advances running durations; the main window calls this once a second. */
    public void tick() {
        now.set(clock.instant());
    }
}
