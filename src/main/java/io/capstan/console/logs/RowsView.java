package io.capstan.console.logs;

import java.util.List;
import javafx.scene.Node;

/**
 * What the log pane's view needs of the node that draws its rows. Two kinds: {@link FixedRows} (the pane's own, one
 * line per row, for unwrapped rows: the common case and the one a flood hits) and {@link FlowRows} (Flowless, for
 * wrapped rows of varying heights). Indices are indices of the list the view was made for.
 */
interface RowsView {

    /** The node to put in the pane; it takes the keyboard focus and carries the style class {@code log-rows}. */
    Node node();

    /** The rows on screen now, top to bottom. */
    List<LogEntry> visibleRows();

    /** Index of the top row on screen, or -1 when none is. */
    int firstVisibleIndex();

    /** True when the last row is on screen (or there are none). */
    boolean atBottom();

    /** Row {@code index} at the bottom of the view (following). */
    void showAsLast(int index);

    void showAsFirst(int index);

    /** Row {@code index} a third of the way down (a search match). */
    void reveal(int index);

    /** Scrolls by {@code lines} lines (negative: up). */
    void scrollLines(double lines);

    /** Scrolls by a screenful less one line, up ({@code -1}) or down ({@code 1}). */
    void page(int direction);

    /** The row under a point of the scene, or null. */
    LogEntry rowAt(double sceneX, double sceneY);

    /** Draws the rows on screen again: the search, the selection or a toggle changed how they look. */
    void refresh();

    /** Runs {@code listener} whenever the scroll position changes, by the user or by the view. */
    void onScrolled(Runnable listener);

    /** Lets go of the list; the view is not used again. */
    void dispose();
}
