package io.capstan.console.logs;

import io.capstan.console.fx.Badge;
import io.capstan.console.fx.PulseBudget;
import io.capstan.console.fx.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.event.EventTarget;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * The log pane's view: binds the view model to a header, a search bar and a view of rows, and owns the one
 * piece of behaviour that needs the scene graph: following. Follow turns off when the user scrolls, pages or drags
 * up, and on again when the user brings the view back to the newest row or presses "Jump to newest" or End.
 *
 * <p>Both views of rows lay out only the rows on screen, where {@code ListView}'s walks every held row (a million
 * rows made each frame take seconds; decision record 6): unwrapped, the pane's own {@link FixedRows} (a fixed pool of
 * one-line rows whose text is set in place, which a flood costs little; decision record 100); wrapped, Flowless
 * ({@link FlowRows}), whose rows may be of any height.
 */
public final class LogPaneView {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass GONE = PseudoClass.getPseudoClass("gone");
    /** The pixels of a wheel notch where the platform gives no multiplier. */
    private static final double NOTCH = 40;
    private static final double LINES_PER_NOTCH = 3;

    private final LogPaneViewModel model;
    /** The pane's one budget a pulse, shared by its row batcher (taking rows in) and its fixed rows (drawing them). */
    private final PulseBudget pulseBudget = new PulseBudget(System::nanoTime);
    private final Ticker ticker = new Ticker("log pane", java.time.Duration.ofSeconds(1), this::tickModel);
    private final FollowPacer followPacer = new FollowPacer(System::nanoTime, FollowPacer.INTERVAL, LogPaneView::later,
            this::followIfOn);
    private final ListChangeListener<LogEntry> onRows = change -> followPacer.rowsAdded();
    private RowsView view;
    private ObservableList<LogEntry> rows;
    /** Set by a scroll down or a scroll-bar drag, so reaching the bottom that way turns follow back on. */
    private boolean userMovedDown;

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
    private Label startedByLabel;
    @FXML
    private Label connectionLabel;
    @FXML
    private Label summaryLabel;
    @FXML
    private javafx.scene.control.Hyperlink fixTokenLink;
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
    private javafx.scene.layout.HBox sourceBar;
    @FXML
    private StackPane linesHolder;
    @FXML
    private Button jumpButton;

    private LogPaneView(LogPaneViewModel model) {
        this.model = model;
    }

    /** Loads the pane's FXML around {@code model}; call on the FX thread. */
    public static LogPaneView load(LogPaneViewModel model) {
        // A real pane warms the code from here on; the off-screen flood would only take its frames (decision record 167).
        // The warm-up's own pane is loaded before it counts as running.
        LogPaneWarmUp.stop();
        LogPaneView view = new LogPaneView(model);
        FXMLLoader loader = new FXMLLoader(LogPaneView.class.getResource("/io/capstan/console/logs/LogPane.fxml"));
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Before any row arrives: the log font's first glyphs cost the render thread 130-220 ms (decision record 145).
        LogFontWarmUp.once();
        return view;
    }

    public Node root() {
        return root;
    }

    /** The budget the pane's row batcher must share with this view's drawing ({@link LogPanes#rowBatcher}). */
    public PulseBudget pulseBudget() {
        return pulseBudget;
    }

    /** The rows on screen now, top to bottom (for tests and screenshots). */
    public List<LogEntry> visibleRows() {
        return view.visibleRows();
    }

    @FXML
    private void initialize() {
        titleLabel.textProperty().bind(model.titleProperty());
        model.statusProperty().addListener((obs, old, now) -> showStatus());
        model.toneProperty().addListener((obs, old, now) -> showStatus());
        showStatus();
        exitCodeLabel.textProperty().bind(model.exitCodeProperty());
        durationLabel.textProperty().bind(model.durationProperty());
        startedByLabel.textProperty().bind(model.startedByProperty());
        connectionLabel.textProperty().bind(model.connectionProperty());
        fixTokenLink.visibleProperty().bind(model.fixTokenOfferedProperty());
        fixTokenLink.managedProperty().bind(fixTokenLink.visibleProperty());
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
            searchField.pseudoClassStateChanged(INVALID, error != null);
        });

        showRows(model.shownProperty().get());
        model.shownProperty().addListener((obs, old, now) -> showRows(now));
        model.searchProperty().addListener((obs, old, now) -> refreshRows());
        model.timestampsProperty().addListener((obs, old, now) -> refreshRows());
        model.wrapProperty().addListener((obs, old, now) -> rebuildRows());
        model.selectionVersionProperty().addListener((obs, old, now) -> refreshRows());
        linesHolder.widthProperty().addListener((obs, old, now) -> {
            if (model.wrapProperty().get()) {
                refreshRows();
            }
        });
        model.followProperty().addListener((obs, old, now) -> followIfOn());
        model.setRevealer(this::reveal);

        linesHolder.addEventFilter(ScrollEvent.SCROLL, event -> {
            if (event.getDeltaY() > 0) {
                model.followProperty().set(false);
            } else if (event.getDeltaY() < 0) {
                userMovedDown = true;
            }
            if (event.getDeltaY() != 0) {
                // About three lines a wheel notch, as terminals and editors scroll (the flow's own step, the notch's
                // 40 pixels, is about two rows). The multiplier turns the pixels back into notches on any platform.
                double notches = event.getDeltaY() / (event.getMultiplierY() > 0 ? event.getMultiplierY() : NOTCH);
                view.scrollLines(-notches * LINES_PER_NOTCH);
                event.consume();
            }
        });
        linesHolder.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> {
            if (onScrollBar(event.getTarget())) {
                model.followProperty().set(false);
                userMovedDown = true;
            }
        });
        linesHolder.addEventFilter(MouseEvent.MOUSE_RELEASED, event -> followIfAtBottom());
        linesHolder.addEventFilter(KeyEvent.KEY_PRESSED, this::onRowsKey);
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
                view.node().requestFocus();
                event.consume();
            }
        });
        model.sources().addListener((ListChangeListener<LogPaneViewModel.Source>) change -> showSources());
        showSources();
        ticker.start();
    }

    /** A merged pane's services: one toggle each, in its colour; off hides its rows (they stay held). */
    private void showSources() {
        sourceBar.getChildren().clear();
        for (LogPaneViewModel.Source source : model.sources()) {
            ToggleButton toggle = new ToggleButton(source.name());
            toggle.setFocusTraversable(false);
            toggle.getStyleClass().addAll("source-toggle", "log-source-" + source.colour());
            toggle.setId("source-" + source.name());
            toggle.selectedProperty().bindBidirectional(source.shownProperty());
            toggle.setTooltip(new Tooltip("Show or hide " + source.name() + "'s lines (they are kept)"));
            source.goneProperty().addListener((obs, old, gone) -> toggle.pseudoClassStateChanged(GONE, gone));
            toggle.pseudoClassStateChanged(GONE, source.goneProperty().get());
            sourceBar.getChildren().add(toggle);
        }
        boolean any = !model.sources().isEmpty();
        sourceBar.setVisible(any);
        sourceBar.setManaged(any);
        refreshRows();
    }

    /** Stops the pane's clock and lets go of its rows; the pane calls it when it closes. */
    public void dispose() {
        ticker.stop();
        if (rows != null) {
            rows.removeListener(onRows);
        }
        if (view != null) {
            view.dispose();
        }
    }

    /** Ctrl+F: the search field, its text selected so typing replaces it. */
    public void focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
    }

    public void focusLines() {
        view.node().requestFocus();
    }

    private void tickModel() {
        model.tick();
    }

    private void showStatus() {
        statusBadge.show(model.statusProperty().get(), model.toneProperty().get());
        statusBadge.setVisible(!model.statusProperty().get().isEmpty());
    }

    /**
     * A view of rows is bound to one list for life, so switching between all rows and matches builds a new one, and
     * so does wrapping (a different kind of view).
     */
    private void showRows(ObservableList<LogEntry> next) {
        if (rows != null) {
            rows.removeListener(onRows);
        }
        if (view != null) {
            linesHolder.getChildren().remove(view.node());
            view.dispose();
        }
        rows = next;
        view = model.wrapProperty().get() ? new FlowRows(model, rows, () -> linesHolder.getWidth() - 28)
                : new FixedRows(model, rows, pulseBudget);
        // After the view's own listener, so that following asks for a row the view already knows about.
        rows.addListener(onRows);
        view.onScrolled(this::followIfAtBottom);
        view.node().addEventHandler(MouseEvent.MOUSE_CLICKED, this::onRowClicked);
        linesHolder.getChildren().add(0, view.node());
        jumpButton.visibleProperty().bind(model.followProperty().not().and(Bindings.isNotEmpty(rows)));
        // The current match, if any, is revealed by the model once the new list is shown (applyFilter).
        followIfOn();
    }

    /**
     * Wrapping changes every row's height and width: wrapped rows go to Flowless, unwrapped ones to the fixed rows (and
     * a view remembers the widest row it drew, which sizes the horizontal scroll bar: only a new one forgets it). The
     * rows on screen and the keyboard focus stay where they were.
     */
    private void rebuildRows() {
        int first = view.firstVisibleIndex();
        boolean focused = view.node().isFocused();
        showRows(rows);
        if (first >= 0 && !model.followProperty().get()) {
            view.showAsFirst(first);
        }
        if (focused) {
            view.node().requestFocus();
        }
    }

    private void refreshRows() {
        view.refresh();
    }

    private static void later(java.time.Duration delay, Runnable task) {
        PauseTransition pause = new PauseTransition(Duration.millis(Math.max(1, delay.toMillis())));
        pause.setOnFinished(event -> task.run());
        pause.play();
    }

    /** Follows now, without the pacer: the off-screen warm-up's frames are its steps, not time (decision record 167). */
    void followNow() {
        followIfOn();
    }

    private void followIfOn() {
        if (model.followProperty().get() && !rows.isEmpty()) {
            view.showAsLast(rows.size() - 1);
            userMovedDown = false;
        }
    }

    private void followIfAtBottom() {
        if (!model.followProperty().get() && userMovedDown && atBottom()) {
            model.followProperty().set(true);
        }
    }

    private boolean atBottom() {
        return view.atBottom();
    }

    private void reveal(int index) {
        view.reveal(index);
    }

    private void onRowClicked(MouseEvent event) {
        if (event.getButton() != MouseButton.PRIMARY) {
            return;
        }
        view.node().requestFocus();
        LogEntry row = view.rowAt(event.getSceneX(), event.getSceneY());
        if (row != null) {
            if (event.isShiftDown()) {
                model.extendSelection(row);
            } else {
                model.select(row);
            }
        }
    }

    private void onRowsKey(KeyEvent event) {
        KeyCode code = event.getCode();
        if (code == KeyCode.PAGE_UP || code == KeyCode.UP || code == KeyCode.HOME) {
            model.followProperty().set(false);
        }
        if (code == KeyCode.UP || code == KeyCode.DOWN) {
            view.scrollLines(code == KeyCode.UP ? -1 : 1);
        } else if (code == KeyCode.PAGE_UP || code == KeyCode.PAGE_DOWN) {
            view.page(code == KeyCode.PAGE_UP ? -1 : 1);
        } else if (code == KeyCode.HOME) {
            view.showAsFirst(0);
        } else if (code == KeyCode.END) {
            model.followProperty().set(true);
        } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(event)) {
            model.copy();
        } else if (new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN).match(event)) {
            model.selectAll();
        } else {
            return;
        }
        if (code == KeyCode.DOWN || code == KeyCode.PAGE_DOWN) {
            userMovedDown = true;
        }
        event.consume();
    }

    private void onPaneKey(KeyEvent event) {
        if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(event)) {
            focusSearch();
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

    private static boolean onScrollBar(EventTarget target) {
        for (Node node = target instanceof Node n ? n : null; node != null; node = node.getParent()) {
            if (node instanceof ScrollBar) {
                return true;
            }
        }
        return false;
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
        model.copy();
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void fixToken() {
        model.fixToken();
    }

    @FXML
    private void jumpToEnd() {
        model.clearSelection();
        model.followProperty().set(true);
        // The button hides itself now; the keyboard goes back to the rows, never on to whatever is next in line.
        view.node().requestFocus();
    }
}
