package io.capstan.console.inspect;

import io.capstan.console.fx.Badge;
import io.capstan.console.fx.Ticker;
import io.capstan.console.resources.ResourceTrace;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The detail view's window: the overview, the command, the environment with "Reveal secrets", and two charts of the
 * last hour (CPU in % of a core, resident memory in MB). JavaFX's own {@link AreaChart}s (decision record 87), fed once
 * per poll with the whole trace, so a new sample costs one list change per chart, not one per point. Esc or Ctrl+W
 * closes it; everything in it is reachable with Tab.
 */
final class ServiceDetailWindow {
    private static final KeyCombination CLOSE = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);

    private final ServiceDetailViewModel model;
    /** The window's size, frame included. */
    private static final javafx.geometry.Dimension2D SIZE = new javafx.geometry.Dimension2D(900, 680);

    private final Stage stage = new Stage();
    private final XYChart.Series<Number, Number> cpu = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> memory = new XYChart.Series<>();
    private final Ticker ticker;

    ServiceDetailWindow(ServiceDetailViewModel model, Window owner, java.util.function.Consumer<Scene> style) {
        this.model = model;
        stage.initOwner(owner);
        stage.setTitle(model.title() + " — Capstan");

        Badge badge = new Badge();
        model.badgeProperty().addListener((obs, old, now) -> badge.show(now.text(), now.tone()));
        Label title = new Label(model.title());
        title.getStyleClass().add("pane-title");
        HBox header = new HBox(8, title, badge);

        Label error = new Label();
        error.getStyleClass().add("deployment-error");
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        GridPane facts = new GridPane();
        facts.getStyleClass().add("detail-facts");
        facts.setHgap(12);
        facts.setVgap(3);
        model.facts().addListener((javafx.collections.ListChangeListener<ServiceDetailViewModel.Fact>) c -> showFacts(facts));

        TextField command = new TextField();
        command.setEditable(false);
        command.getStyleClass().add("detail-command");
        command.textProperty().bind(model.commandProperty());

        TableView<ServiceDetailViewModel.EnvRow> env = new TableView<>(model.env());
        env.getStyleClass().add("detail-env");
        env.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        env.setPrefHeight(130);
        env.setPlaceholder(new Label("The definition sets no variables."));
        TableColumn<ServiceDetailViewModel.EnvRow, String> name = new TableColumn<>("Variable");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        TableColumn<ServiceDetailViewModel.EnvRow, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().shown()));
        env.getColumns().add(name);
        env.getColumns().add(value);
        ToggleButton reveal = new ToggleButton("_Reveal secrets");
        reveal.getStyleClass().add("reveal-secrets");
        reveal.selectedProperty().bindBidirectional(model.revealedProperty());

        AreaChart<Number, Number> cpuChart = chart("CPU (% of one core)", cpu);
        AreaChart<Number, Number> memoryChart = chart("Memory (MB resident)", memory);
        cpuChart.getStyleClass().add("cpu-chart");
        memoryChart.getStyleClass().add("memory-chart");
        model.resources().revisionProperty().addListener((obs, old, now) -> showCharts());
        HBox charts = new HBox(8, cpuChart, memoryChart);
        HBox.setHgrow(cpuChart, Priority.ALWAYS);
        HBox.setHgrow(memoryChart, Priority.ALWAYS);

        HBox envHeader = new HBox(8, section("Environment"), reveal);
        VBox body = new VBox(8, header, error, charts, facts, section("Command"), command, envHeader, env);
        body.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        Scene scene = new Scene(scroll);
        style.accept(scene);
        scene.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE || CLOSE.match(event)) {
                stage.close();
                event.consume();
            }
        });
        stage.setScene(scene);
        ticker = new Ticker("service detail " + model.title(), java.time.Duration.ofSeconds(1), model::tick);
        stage.setOnHidden(event -> ticker.stop());
    }

    void show() {
        showCharts();
        model.refresh();
        model.resources().tick();
        ticker.start();
        // Sized on the stage and kept while the window manager maps it (openbox shrank new windows to 200x200).
        stage.setWidth(SIZE.getWidth());
        stage.setHeight(SIZE.getHeight());
        io.capstan.console.fx.WindowSize.keepWhileMapping(stage, SIZE);
        stage.show();
    }

    void toFront() {
        stage.toFront();
        stage.requestFocus();
    }

    void onClosed(Runnable then) {
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, event -> then.run());
    }

    Stage stage() {
        return stage;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("detail-section");
        return l;
    }

    private static AreaChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series) {
        NumberAxis x = new NumberAxis(-60, 0, 10);
        x.setLabel("minutes ago");
        x.setAutoRanging(false);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        AreaChart<Number, Number> chart = new AreaChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(200);
        chart.setMinWidth(200);
        chart.getData().add(series);
        return chart;
    }

    private void showFacts(GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (ServiceDetailViewModel.Fact f : model.facts()) {
            Label label = new Label(f.label());
            label.getStyleClass().add("detail-label");
            Label value = new Label(f.value());
            value.getStyleClass().add("detail-value");
            value.setWrapText(true);
            grid.addRow(row++, label, value);
        }
    }

    /** Both series replaced in one change each: the newest point at 0, older ones at minutes before it. */
    private void showCharts() {
        ResourceTrace t = model.resources().trace(model.service());
        List<XYChart.Data<Number, Number>> c = new ArrayList<>();
        List<XYChart.Data<Number, Number>> m = new ArrayList<>();
        long newest = t.size() == 0 ? 0 : t.at()[t.size() - 1];
        for (int i = 0; i < t.size(); i++) {
            double minutes = (t.at()[i] - newest) / 60_000.0;
            if (!Double.isNaN(t.cpu()[i])) {
                c.add(new XYChart.Data<>(minutes, t.cpu()[i]));
            }
            if (t.memory()[i] >= 0) {
                m.add(new XYChart.Data<>(minutes, t.memory()[i] / (1024.0 * 1024.0)));
            }
        }
        cpu.getData().setAll(c);
        memory.getData().setAll(m);
    }
}
