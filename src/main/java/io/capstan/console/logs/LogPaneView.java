package io.capstan.console.logs;

import io.capstan.console.fx.Badge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.util.Duration;

/**
 * The log pane's view: binds the view model to a header, a search bar and a virtualized list, and owns the one
 * piece of behaviour that needs the scene graph: following. Follow turns off when the user scrolls, pages or drags
 * up, and on again when the list is back at the bottom or "Jump to newest" is pressed.
 */
public final class LogPaneView {

    /** Fixed row height without wrapping: lets the virtual flow skip measuring a million rows. */
    private static final double ROW_HEIGHT = 20;

    private final LogPaneViewModel model;
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), event -> tickModel()));
    private final ListChangeListener<LogEntry> onRows = change -> followIfOn();
    private ScrollBar vbar;

    @FXML
    private BorderPane root;
    @FXML
    private Label titleLabel;
    @FXML
    private Badge statusBadge;
    @FXML
    private Label exitCodeLabel;
    @FXML
    private Label durationLabel;
    @FXML
    private Label connectionLabel;
    @FXML
    private Label summaryLabel;
    @FXML
    private TextField searchField;
    @FXML
    private ToggleButton regexToggle;
    @FXML
    private Button previousButton;
    @FXML
    private Button nextButton;
    @FXML
    private Label matchLabel;
    @FXML
    private ToggleButton filterToggle;
    @FXML
    private ToggleButton wrapToggle;
    @FXML
    private ToggleButton timestampsToggle;
    @FXML
    private ToggleButton followToggle;
    @FXML
    private ListView<LogEntry> lines;
    @FXML
    private Button jumpButton;

    private LogPaneView(LogPaneViewModel model) {
        this.model = model;
    }

    /** Loads the pane's FXML around {@code model}; call on the FX thread. */
    public static LogPaneView load(LogPaneViewModel model) {
        LogPaneView view = new LogPaneView(model);
        FXMLLoader loader = new FXMLLoader(LogPaneView.class.getResource("/io/capstan/console/logs/LogPane.fxml"));
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return view;
    }

    public Node root() {
        return root;
    }

    public ListView<LogEntry> list() {
        return lines;
    }

    @FXML
    private void initialize() {
        titleLabel.textProperty().bind(model.titleProperty());
        model.statusProperty().addListener((obs, old, now) -> showStatus());
        model.toneProperty().addListener((obs, old, now) -> showStatus());
        showStatus();
        exitCodeLabel.textProperty().bind(model.exitCodeProperty());
        durationLabel.textProperty().bind(model.durationProperty());
        connectionLabel.textProperty().bind(model.connectionProperty());
        summaryLabel.textProperty().bind(model.summaryProperty());

        searchField.textProperty().bindBidirectional(model.queryProperty());
        regexToggle.selectedProperty().bindBidirectional(model.regexProperty());
        filterToggle.selectedProperty().bindBidirectional(model.filterProperty());
        wrapToggle.selectedProperty().bindBidirectional(model.wrapProperty());
        timestampsToggle.selectedProperty().bindBidirectional(model.timestampsProperty());
        followToggle.selectedProperty().bindBidirectional(model.followProperty());
        matchLabel.textProperty().bind(model.matchLabelProperty());
        previousButton.disableProperty().bind(model.matchCountProperty().isEqualTo(0));
        nextButton.disableProperty().bind(model.matchCountProperty().isEqualTo(0));
        model.searchErrorProperty().addListener((obs, old, error) -> {
            searchField.setTooltip(error == null ? null : new Tooltip(error));
            searchField.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), error != null);
        });
        jumpButton.visibleProperty().bind(model.followProperty().not().and(Bindings.isNotEmpty(lines.getItems())));

        lines.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        lines.setCellFactory(list -> new LogCell(model.searchProperty(), model.timestampsProperty(), model.wrapProperty()));
        showRows(null, model.shownProperty().get());
        model.shownProperty().addListener((obs, old, now) -> showRows(old, now));
        model.searchProperty().addListener((obs, old, now) -> lines.refresh());
        model.timestampsProperty().addListener((obs, old, now) -> lines.refresh());
        model.wrapProperty().addListener((obs, old, now) -> applyWrap());
        applyWrap();
        model.followProperty().addListener((obs, old, now) -> followIfOn());
        model.setRevealer(this::reveal);

        lines.addEventFilter(ScrollEvent.SCROLL, event -> {
            if (event.getDeltaY() > 0) {
                model.followProperty().set(false);
            }
        });
        lines.addEventFilter(KeyEvent.KEY_PRESSED, this::onListKey);
        lines.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> {
            if (isOnScrollBar(event)) {
                model.followProperty().set(false);
            }
        });
        lines.skinProperty().addListener((obs, old, skin) -> watchScrollBar());
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onPaneKey);
        searchField.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                if (event.isShiftDown()) {
                    model.previous();
                } else {
                    model.next();
                }
                event.consume();
            } else if (event.getCode() == KeyCode.ESCAPE) {
                model.queryProperty().set("");
                lines.requestFocus();
                event.consume();
            }
        });
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    /** Stops the pane's clock; the pane calls it when it closes. */
    public void dispose() {
        ticker.stop();
        model.shownProperty().get().removeListener(onRows);
    }

    private void tickModel() {
        model.tick();
    }

    private void showStatus() {
        statusBadge.show(model.statusProperty().get(), model.toneProperty().get());
        statusBadge.setVisible(!model.statusProperty().get().isEmpty());
    }

    private void showRows(ObservableList<LogEntry> old, ObservableList<LogEntry> now) {
        if (old != null) {
            old.removeListener(onRows);
        }
        now.addListener(onRows);
        lines.setItems(now);
        followIfOn();
    }

    private void applyWrap() {
        lines.setFixedCellSize(model.wrapProperty().get() ? -1 : ROW_HEIGHT);
        lines.refresh();
    }

    private void followIfOn() {
        if (model.followProperty().get() && !lines.getItems().isEmpty()) {
            lines.scrollTo(lines.getItems().size() - 1);
        }
    }

    private void reveal(int index) {
        lines.getSelectionModel().clearAndSelect(index);
        lines.scrollTo(Math.max(0, index - 3));
    }

    private void onListKey(KeyEvent event) {
        KeyCode code = event.getCode();
        if (code == KeyCode.PAGE_UP || code == KeyCode.UP || code == KeyCode.HOME) {
            model.followProperty().set(false);
        } else if (code == KeyCode.END) {
            model.followProperty().set(true);
        } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(event)) {
            copy();
            event.consume();
        }
    }

    private void onPaneKey(KeyEvent event) {
        if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(event)) {
            searchField.requestFocus();
            searchField.selectAll();
            event.consume();
        } else if (event.getCode() == KeyCode.F3) {
            if (event.isShiftDown()) {
                model.previous();
            } else {
                model.next();
            }
            event.consume();
        }
    }

    /** Turns follow back on when the user scrolls (or drags) to the very bottom. */
    private void watchScrollBar() {
        for (Node node : lines.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                vbar = bar;
                bar.valueProperty().addListener((obs, old, now) -> {
                    if (!model.followProperty().get() && now.doubleValue() >= bar.getMax() - 1e-9
                            && old.doubleValue() < now.doubleValue()) {
                        model.followProperty().set(true);
                    }
                });
            }
        }
    }

    private boolean isOnScrollBar(MouseEvent event) {
        if (vbar == null || !vbar.isVisible()) {
            return false;
        }
        return vbar.localToScene(vbar.getBoundsInLocal()).contains(event.getSceneX(), event.getSceneY());
    }

    @FXML
    private void previous() {
        model.previous();
    }

    @FXML
    private void next() {
        model.next();
    }

    @FXML
    private void copy() {
        List<LogEntry> selected = List.copyOf(lines.getSelectionModel().getSelectedItems());
        model.copy(selected);
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void jumpToEnd() {
        model.followProperty().set(true);
        lines.getSelectionModel().clearSelection();
    }
}
