package io.capstan.console.logs;

import io.capstan.console.fx.PulseBudget;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Unwrapped rows, one line high each: a fixed pool of row nodes, one per line that fits, which stay in the scene;
 * scrolling sets their text and styles ({@link LogRow#updateItem}) instead of adding or removing nodes, and a row
 * still on screen after a scroll keeps its node untouched ({@link RowWindow#claim}). Two {@link ScrollBar}s: the
 * vertical one counts rows of the list, the horizontal one appears when a row drawn so far is wider than the view.
 *
 * <p>Why not Flowless here: following a flood, every move hands each visible cell a new item, and Flowless takes the
 * cell's node out of the scene and back (styled again) and measures it; that was 15 to 20 ms of the FX thread per
 * move on this machine (decision records 96 and 100). Wrapped rows have varying heights and stay on {@link FlowRows}.
 */
final class FixedRows extends Region implements RowsView {

    private final LogPaneViewModel model;
    private final ObservableList<LogEntry> rows;
    private final RowWindow window = new RowWindow();
    /** The row nodes; unmanaged, so a row whose text changes does not ask the whole pane to lay out again. */
    private final Pane body = new Pane();
    private final Rectangle clip = new Rectangle();
    private final ScrollBar vbar = new ScrollBar();
    private final ScrollBar hbar = new ScrollBar();
    private final List<LogRow> pool = new ArrayList<>();
    private final List<Runnable> scrolledListeners = new ArrayList<>();
    private final ListChangeListener<LogEntry> onChange = this::rowsChanged;
    private double rowHeight;
    /** The widest row drawn since the view was made: the horizontal scroll bar's extent, as Flowless sizes it. */
    private double widest;
    /** The longest plain row measured so far ({@link LogRow#plainLength}): a plain row no longer is no wider. */
    private int widestPlain = -1;
    private double left;
    /** Set while the view itself moves the bars, so their listeners do not take it for the user. */
    private boolean settingBars;

    /** Set when a layout left slots undrawn: the next pulse lays out again. */
    private boolean behind;
    private final Runnable afterLayout = this::afterLayout;
    /**
     * How long a layout may spend giving slots their new rows: what the pane's pulse has left after taking rows in. A
     * move to rows far away (a follow move in a flood, a page, a match) draws every slot, about 2 ms once the JIT has
     * compiled the code and 30 to 50 ms before it has; past the deadline the slots not drawn yet are hidden and drawn in
     * the pulses after, so a cold move costs a few short frames instead of one long one, and no slot ever shows a row
     * out of its place (decision records 121 and 143).
     */
    private final PulseBudget budget;

    /** @param budget the pane's budget a pulse, shared with its row batcher */
    FixedRows(LogPaneViewModel model, ObservableList<LogEntry> rows, PulseBudget budget) {
        this.model = model;
        this.rows = rows;
        this.budget = budget;
        // A layout cannot ask for the next one while it runs (it ends by marking itself clean), so it is asked after it.
        sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
        getStyleClass().add("log-rows");
        setFocusTraversable(true);
        body.getStyleClass().add("log-rows-body");
        body.setClip(clip);
        vbar.setOrientation(Orientation.VERTICAL);
        hbar.setOrientation(Orientation.HORIZONTAL);
        vbar.setVisible(false);
        hbar.setVisible(false);
        vbar.setUnitIncrement(1);
        getChildren().addAll(body, vbar, hbar);
        window.replaced(rows.size());
        rows.addListener(onChange);
        vbar.valueProperty().addListener((obs, old, now) -> {
            if (!settingBars) {
                moved(() -> window.scrollTo((int) Math.round(now.doubleValue())));
            }
        });
        hbar.valueProperty().addListener((obs, old, now) -> {
            if (!settingBars) {
                left = now.doubleValue();
                requestLayout();
            }
        });
        // Sideways wheels and touchpads; the pane's own filter takes the vertical part (three lines a notch).
        addEventHandler(ScrollEvent.SCROLL, event -> {
            if (event.getDeltaX() != 0 && hbar.isVisible()) {
                hbar.setValue(Math.max(0, Math.min(hbar.getMax(), hbar.getValue() - event.getDeltaX())));
                event.consume();
            }
        });
    }

    @Override
    public Node node() {
        return this;
    }

    /** The arithmetic behind the view (for tests). */
    RowWindow window() {
        return window;
    }

    @Override
    public List<LogEntry> visibleRows() {
        List<LogEntry> shown = new ArrayList<>(window.shownCount());
        for (int i = 0; i < window.shownCount(); i++) {
            shown.add(rows.get(window.top() + i));
        }
        return shown;
    }

    @Override
    public int firstVisibleIndex() {
        return window.shownCount() == 0 ? -1 : window.top();
    }

    @Override
    public boolean atBottom() {
        return window.atBottom();
    }

    @Override
    public void showAsLast(int index) {
        moved(() -> window.showAsLast(index));
    }

    @Override
    public void showAsFirst(int index) {
        moved(() -> window.showAsFirst(index));
    }

    @Override
    public void reveal(int index) {
        moved(() -> window.showAt(index, window.fullRows() / 3));
    }

    @Override
    public void scrollLines(double lines) {
        // At least a row for any movement: a touchpad's small deltas add up to nothing when rounded one by one.
        int rowsBy = (int) Math.round(lines);
        int step = rowsBy != 0 ? rowsBy : lines > 0 ? 1 : lines < 0 ? -1 : 0;
        moved(() -> window.scrollBy(step));
    }

    @Override
    public void page(int direction) {
        moved(() -> window.scrollBy(direction * Math.max(1, window.fullRows() - 1)));
    }

    @Override
    public LogEntry rowAt(double sceneX, double sceneY) {
        if (rowHeight <= 0) {
            return null;
        }
        Point2D at = body.sceneToLocal(sceneX, sceneY);
        if (at.getX() < 0 || at.getX() > body.getWidth()) {
            return null;
        }
        int index = window.indexAt(at.getY(), rowHeight);
        return index < 0 ? null : rows.get(index);
    }

    @Override
    public void refresh() {
        window.forget();
        requestLayout();
    }

    @Override
    public void onScrolled(Runnable listener) {
        scrolledListeners.add(listener);
    }

    @Override
    public void dispose() {
        rows.removeListener(onChange);
        if (getScene() != null) {
            getScene().removePostLayoutPulseListener(afterLayout);
        }
    }

    private void afterLayout() {
        budget.pulseEnded();
        if (behind) {
            behind = false;
            requestLayout();
        }
    }

    private void moved(Runnable move) {
        int before = window.top();
        move.run();
        requestLayout();
        if (window.top() != before) {
            scrolledListeners.forEach(Runnable::run);
        }
    }

    private void rowsChanged(ListChangeListener.Change<? extends LogEntry> change) {
        while (change.next()) {
            if (change.wasRemoved() && !change.wasAdded() && change.getFrom() == 0) {
                window.removedFromFront(change.getRemovedSize());
            } else if (change.wasAdded() && !change.wasRemoved() && change.getFrom() == window.size()) {
                window.appended(window.size() + change.getAddedSize());
            } else {
                window.replaced(rows.size());
            }
        }
        if (window.size() != rows.size()) {
            window.replaced(rows.size());
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        if (getScene() == null) {
            return;
        }
        if (rowHeight <= 0) {
            rowHeight = measureRowHeight();
        }
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double width = Math.max(0, getWidth() - x - snappedRightInset());
        double height = Math.max(0, getHeight() - y - snappedBottomInset());
        double barWidth = vbar.prefWidth(-1);
        double barHeight = hbar.prefHeight(-1);
        double viewWidth = width;
        double viewHeight = height;
        long drawStart = budget.now();
        long deadline = budget.drawDeadline();
        // The bars take room from the rows, which decides whether the bars are needed: settle in at most three passes.
        for (int pass = 0; pass < 3; pass++) {
            viewHeight = Math.max(rowHeight, height - (hbar.isVisible() ? barHeight : 0));
            window.viewport(viewHeight, rowHeight);
            drawRows(deadline);
            boolean vertical = window.size() > window.fullRows();
            viewWidth = Math.max(0, width - (vertical ? barWidth : 0));
            boolean horizontal = widest > viewWidth + 0.5;
            boolean same = vertical == vbar.isVisible() && horizontal == hbar.isVisible();
            vbar.setVisible(vertical);
            hbar.setVisible(horizontal);
            if (same) {
                break;
            }
        }
        double contentWidth = Math.max(viewWidth, widest);
        left = Math.max(0, Math.min(left, contentWidth - viewWidth));
        body.resizeRelocate(x, y, viewWidth, viewHeight);
        clip.setWidth(viewWidth);
        clip.setHeight(viewHeight);
        for (int i = 0; i < window.shownCount(); i++) {
            Label label = pool.get(window.slotOf(window.top() + i)).getNode();
            label.resizeRelocate(-left, i * rowHeight, contentWidth, rowHeight);
        }
        vbar.resizeRelocate(x + viewWidth, y, barWidth, viewHeight);
        hbar.resizeRelocate(x, y + viewHeight, viewWidth, barHeight);
        setBars(viewWidth, contentWidth);
        budget.drew(budget.now() - drawStart);
    }

    /**
     * Gives every slot on screen its row: only slots whose row changed since they were last drawn are drawn again, and
     * after {@code deadline} (on the budget's clock) only the first; the others wait, blank, for a later pulse.
     */
    private void drawRows(long deadline) {
        while (pool.size() < window.slots()) {
            LogRow row = new LogRow(model);
            row.getNode().setManaged(false);
            body.getChildren().add(row.getNode());
            pool.add(row);
        }
        while (pool.size() > window.slots()) {
            body.getChildren().remove(pool.remove(pool.size() - 1).getNode());
        }
        boolean[] used = new boolean[pool.size()];
        int drawn = 0;
        for (int i = 0; i < window.shownCount(); i++) {
            int index = window.top() + i;
            int slot = window.slotOf(index);
            used[slot] = true;
            LogEntry entry = rows.get(index);
            LogRow row = pool.get(slot);
            Label label = row.getNode();
            if (!window.shows(slot, entry.ordinal())) {
                if (drawn > 0 && budget.now() > deadline) {
                    // Over the budget: blank until a later pulse draws it, never an old row in a new place.
                    window.claim(slot, -1);
                    label.setVisible(false);
                    behind = true;
                    continue;
                }
                window.claim(slot, entry.ordinal());
                row.updateItem(entry);
                drawn++;
                int plain = row.plainLength();
                if (plain < 0 || plain > widestPlain) {
                    if (label.getSkin() == null) {
                        label.applyCss();
                    }
                    widest = Math.max(widest, label.prefWidth(-1));
                    widestPlain = Math.max(widestPlain, plain);
                }
            }
            label.setVisible(true);
        }
        for (int slot = 0; slot < pool.size(); slot++) {
            if (!used[slot]) {
                window.claim(slot, -1);
                pool.get(slot).getNode().setVisible(false);
            }
        }
    }

    private void setBars(double viewWidth, double contentWidth) {
        settingBars = true;
        try {
            int maxTop = window.maxTop();
            vbar.setMax(maxTop);
            // The thumb's share of the track is the share of the rows on screen.
            vbar.setVisibleAmount(maxTop == 0 ? 1 : (double) maxTop * window.fullRows() / Math.max(1, window.size()));
            vbar.setBlockIncrement(Math.max(1, window.fullRows() - 1));
            vbar.setValue(window.top());
            double hmax = Math.max(0, contentWidth - viewWidth);
            hbar.setMax(hmax);
            hbar.setVisibleAmount(contentWidth <= 0 ? 0 : hmax * viewWidth / contentWidth);
            hbar.setUnitIncrement(rowHeight * 2);
            hbar.setBlockIncrement(Math.max(rowHeight, viewWidth - rowHeight));
            hbar.setValue(left);
        } finally {
            settingBars = false;
        }
    }

    /** A row's height in the current stylesheet: one line of the rows' font and their padding. */
    private double measureRowHeight() {
        Label probe = new Label("Xg");
        probe.getStyleClass().add("log-row");
        probe.setManaged(false);
        body.getChildren().add(probe);
        probe.applyCss();
        double height = Math.ceil(probe.prefHeight(-1));
        body.getChildren().remove(probe);
        return height > 0 ? height : 18;
    }
}
