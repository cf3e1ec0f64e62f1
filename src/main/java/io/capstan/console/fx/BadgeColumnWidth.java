package io.capstan.console.fx;

import io.capstan.console.format.BadgeText;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Text;

/**
 * A badge column's minimum width: the widest badge among the table's rows now, never less than its header. A badge is
 * never cut (decision 137): a cell that draws a wider one raises the minimum at once. And the room a passing badge took
 * is given back once no row shows it (decision 161): the demo's worker read "exited 137 (killed) · 3 restarts" for the
 * two seconds before its restart, and the column kept that width for good, taken from the process figures beside it,
 * while the badge read "running · 3 restarts".
 *
 * <p>The rows' badges are measured as text in the drawn badge's font plus the padding a drawn badge was measured with
 * (known once CSS has styled one), so rows scrolled out of view count too and scrolling moves no column.
 */
final class BadgeColumnWidth<S> {
    private final TableColumn<S, S> column;
    private final Function<S, BadgeText> badge;
    /** The header's width: {@link Columns#fitHeaders} set it as the minimum before the badges came. */
    private final double header;
    private final Text measure = new Text();
    /** What a drawn badge takes beyond its text (its padding and the cell's), or -1 until one is drawn. */
    private double padding = -1;

    BadgeColumnWidth(TableColumn<S, S> column, Function<S, BadgeText> badge) {
        this.column = column;
        this.badge = badge;
        this.header = column.getMinWidth();
    }

    /** A cell laid out {@code drawn}: it is never cut, and the first one teaches the font and padding. */
    void drawn(Badge drawn, TableCell<S, S> cell) {
        double needed = Math.ceil(drawn.prefWidth(-1) + cell.snappedLeftInset() + cell.snappedRightInset());
        if (needed > column.getMinWidth()) {
            column.setMinWidth(needed);
        }
        if (padding < 0 && drawn.getText() != null && !drawn.getText().isEmpty() && column.getTableView() != null) {
            measure.setFont(drawn.getFont());
            padding = needed - textWidth(drawn.getText());
            column.getTableView().getItems().addListener((ListChangeListener<S>) change -> refit());
            refit();
        }
    }

    /** The widest badge of the rows now (at least the header) as the column's minimum. */
    private void refit() {
        double widest = header;
        for (S row : column.getTableView().getItems()) {
            if (row != null) {
                widest = Math.max(widest, Math.ceil(textWidth(badge.apply(row).text()) + padding));
            }
        }
        if (widest != column.getMinWidth()) {
            column.setMinWidth(widest);
        }
    }

    private double textWidth(String text) {
        measure.setText(text);
        return measure.getLayoutBounds().getWidth();
    }
}
