package io.capstan.console.jobs;

import io.capstan.console.format.Durations;
import io.capstan.console.format.StatusStyles;
import io.capstan.console.fx.Columns;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/** Recent jobs of all agents; double-click or Enter opens the job's log, live or finished. */
public final class JobsView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

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
    private TableColumn<JobRow, String> startedColumn;
    @FXML
    private TableColumn<JobRow, String> durationColumn;
    @FXML
    private TableColumn<JobRow, String> agentColumn;

    public JobsView(JobsViewModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
        this.now.set(clock.instant());
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        Columns.fitHeaders(table);
        Columns.text(actionColumn, row -> row.job().action().wire());
        Columns.text(targetColumn, JobRow::target);
        Columns.badge(statusColumn, JobsView::badge);
        Columns.text(startedColumn, row -> row.job().createdAt() == null ? ""
                : TIME.format(row.job().createdAt().atZone(ZoneId.systemDefault())));
        // A running job's clock stops while its agent is offline: the console cannot know it still runs.
        durationColumn.setCellValueFactory(cell -> Bindings.createStringBinding(() -> {
            Instant offline = cell.getValue().agent().offlineSinceProperty().get();
            Instant end = offline != null && offline.isBefore(now.get()) ? offline : now.get();
            return Durations.between(cell.getValue().job().startedAt(), cell.getValue().job().finishedAt(), end);
        }, now));
        Columns.text(agentColumn, row -> row.agent().name());
        // The agent column only earns its width when there is more than one agent.
        agentColumn.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.rows().stream().map(JobRow::agent).distinct().count() > 1, model.rows()));
        table.setRowFactory(view -> {
            TableRow<JobRow> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    model.open(row.getItem());
                }
            });
            MenuItem open = new MenuItem("Open log");
            open.setOnAction(event -> model.open(row.getItem()));
            MenuItem cancel = new MenuItem("Cancel job");
            cancel.setOnAction(event -> model.cancel(row.getItem()));
            row.itemProperty().addListener((obs, old, now) ->
                    cancel.setDisable(now == null || now.job().status().isTerminal()));
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(new ContextMenu(open, cancel)));
            return row;
        });
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

    private static Columns.BadgeText badge(JobRow row) {
        Job job = row.job();
        String label = StatusStyles.label(job.status());
        if (job.exitCode() != null && job.status().isTerminal() && job.exitCode() != 0) {
            label += " · " + ExitStatus.describe(job.exitCode());
        }
        return new Columns.BadgeText(label, StatusStyles.of(job.status()));
    }
}
