package io.capstan.console.palette;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The command palette: a search field over a list, floating at the top of the main window on a layer above its
 * content (inside the window, so no window manager can refuse it the keyboard). It closes on Esc, when an entry runs,
 * when the keyboard leaves it or on a click outside it; the keyboard then goes back to where it was.
 */
public final class PaletteView {

    /** Room for "Open log of all services analytics" beside "deployment on This computer · Ctrl+Shift+A". */
    private static final double WIDTH = 760;
    private static final double HEIGHT = 380;

    private final PaletteViewModel model;
    private final StackPane layer;
    private final VBox box;
    private final TextField field = new TextField();
    private final ListView<PaletteEntry> list = new ListView<>();
    private Node focusBefore;

    /** @param layer a layer over the window's content, transparent to the mouse where it shows nothing */
    public PaletteView(PaletteViewModel model, StackPane layer) {
        this.model = model;
        this.layer = layer;
        field.setPromptText("Type a deployment, service, job or agent and an action (e.g. shop restart)");
        field.getStyleClass().add("palette-field");
        field.textProperty().bindBidirectional(model.queryProperty());
        field.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        field.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused && model.showingProperty().get()) {
                model.close();
            }
        });
        list.setItems(model.results());
        list.setFocusTraversable(false);
        list.setCellFactory(view -> new EntryCell());
        list.setPlaceholder(new Label("Nothing matches."));
        list.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
                model.accept();
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> model.select(now.intValue()));
        model.selectedProperty().addListener((obs, old, now) -> showSelected(now.intValue()));
        box = new VBox(6, field, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setMaxSize(WIDTH, HEIGHT);
        box.getStyleClass().add("command-palette");
        StackPane.setAlignment(box, Pos.TOP_CENTER);
        StackPane.setMargin(box, new Insets(56, 0, 0, 0));
        box.setVisible(false);
        layer.getChildren().add(box);
        layer.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> {
            if (model.showingProperty().get() && !box.localToScene(box.getBoundsInLocal()).contains(event.getSceneX(), event.getSceneY())) {
                model.close();
            }
        });
        model.showingProperty().addListener((obs, old, showing) -> {
            if (showing) {
                show();
            } else {
                hide();
            }
        });
    }

    /** The palette's box, for tests and screenshots. */
    public Node node() {
        return box;
    }

    private void show() {
        focusBefore = layer.getScene() == null ? null : layer.getScene().getFocusOwner();
        showSelected(model.selectedProperty().get());
        // While it shows, the layer takes every click, so a click outside closes the palette instead of acting.
        layer.setPickOnBounds(true);
        box.setVisible(true);
        field.requestFocus();
    }

    private void hide() {
        box.setVisible(false);
        layer.setPickOnBounds(false);
        if (focusBefore != null && focusBefore.getScene() != null && field.isFocused()) {
            focusBefore.requestFocus();
        }
        focusBefore = null;
    }

    private void showSelected(int index) {
        if (index < 0) {
            list.getSelectionModel().clearSelection();
            return;
        }
        if (list.getSelectionModel().getSelectedIndex() != index) {
            list.getSelectionModel().select(index);
        }
        list.scrollTo(Math.max(0, index - 3));
    }

    private void onKey(KeyEvent event) {
        KeyCode code = event.getCode();
        if (code == KeyCode.DOWN) {
            model.down();
        } else if (code == KeyCode.UP) {
            model.up();
        } else if (code == KeyCode.ENTER) {
            model.accept();
        } else if (code == KeyCode.ESCAPE) {
            model.close();
        } else {
            return;
        }
        event.consume();
    }

    /** The entry's title, and its detail quieter on the right. */
    private static final class EntryCell extends ListCell<PaletteEntry> {
        private final Label title = new Label();
        private final Label detail = new Label();
        private final HBox box;

        EntryCell() {
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            detail.getStyleClass().add("row-detail");
            title.setMinWidth(Region.USE_PREF_SIZE);
            box = new HBox(12, title, gap, detail);
            // As wide as the list, never wider: a wide entry made the whole list scroll sideways, its details under
            // the scroll bar. A detail too long even for the palette's width is cut with an ellipsis.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(PaletteEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
            } else {
                title.setText(entry.title());
                detail.setText(entry.detail());
                setGraphic(box);
            }
            setText(null);
        }
    }
}
