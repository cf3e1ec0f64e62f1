package io.capstan.console.logs;

import java.util.List;
import java.util.function.DoubleSupplier;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import org.fxmisc.flowless.VirtualFlow;
import org.fxmisc.flowless.VirtualFlowHit;
import org.fxmisc.flowless.VirtualizedScrollPane;

/**
 * Wrapped rows: a Flowless {@link VirtualFlow}, which lays out only the rows on screen whatever their heights
 * (decision record 6). Unwrapped rows use {@link FixedRows}, which a flood costs far less (decision record 100).
 */
final class FlowRows implements RowsView {

    /** Pixels a line scrolls by; the flow's rows are about this high. */
    private static final double LINE = 18;

    private final VirtualFlow<LogEntry, LogRow> flow;
    private final VirtualizedScrollPane<VirtualFlow<LogEntry, LogRow>> scroller;
    private final ObservableList<LogEntry> rows;

    /** @param wrapWidth the width rows wrap at (the pane's, less the scroll bar) */
    FlowRows(LogPaneViewModel model, ObservableList<LogEntry> rows, DoubleSupplier wrapWidth) {
        this.rows = rows;
        flow = VirtualFlow.createVertical(rows, entry -> new LogRow(model, entry, wrapWidth));
        flow.getStyleClass().add("log-flow");
        scroller = new VirtualizedScrollPane<>(flow);
        scroller.getStyleClass().add("log-rows");
        scroller.setFocusTraversable(true);
    }

    @Override
    public Node node() {
        return scroller;
    }

    @Override
    public List<LogEntry> visibleRows() {
        return flow.visibleCells().stream().map(LogRow::entry).toList();
    }

    @Override
    public int firstVisibleIndex() {
        return flow.visibleCells().isEmpty() ? -1 : flow.getFirstVisibleIndex();
    }

    @Override
    public boolean atBottom() {
        return rows.isEmpty() || (!flow.visibleCells().isEmpty() && flow.getLastVisibleIndex() >= rows.size() - 1);
    }

    @Override
    public void showAsLast(int index) {
        flow.showAsLast(index);
    }

    @Override
    public void showAsFirst(int index) {
        flow.showAsFirst(index);
    }

    @Override
    public void reveal(int index) {
        flow.showAtOffset(index, Math.max(0, flow.getHeight() / 3));
    }

    @Override
    public void scrollLines(double lines) {
        flow.scrollYBy(lines * LINE);
    }

    @Override
    public void page(int direction) {
        flow.scrollYBy(direction * Math.max(LINE, flow.getHeight() - LINE));
    }

    @Override
    public LogEntry rowAt(double sceneX, double sceneY) {
        Point2D at = flow.sceneToLocal(sceneX, sceneY);
        VirtualFlowHit<LogRow> hit = flow.hit(at.getX(), at.getY());
        return hit.isCellHit() ? hit.getCell().entry() : null;
    }

    @Override
    public void refresh() {
        flow.visibleCells().forEach(LogRow::refresh);
        flow.requestLayout();
    }

    @Override
    public void onScrolled(Runnable listener) {
        flow.estimatedScrollYProperty().addListener((obs, old, now) -> listener.run());
    }

    @Override
    public void dispose() {
        flow.dispose();
    }
}
