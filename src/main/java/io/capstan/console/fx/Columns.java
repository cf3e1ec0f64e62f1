package io.capstan.console.fx;

import io.capstan.console.format.BadgeText;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Table column set-ups the console's tables share: plain text from a row, and a status badge. */
public final class Columns {

    /**
     * A header's left and right padding (Modena's 0.33em each side and its borders, about 20 pixels). No
     * room is kept for a sort arrow: with it the services and jobs tables did not fit side by side in a 1024-pixel
     * window (Exit and Job were behind a sideways scroll bar); a sorted header may lose a letter to its arrow instead.
     */
    private static final double HEADER_PADDING = 22;

    /** Room kept for a table's vertical scroll bar. */
    private static final double SCROLL_BAR = 16;

    private Columns() {
    }

    /**
     * Keeps every column at least as wide as its header, so a narrow window scrolls the table sideways instead of
     * cutting headers to "Ac..." (issue 12: readable down to 1024x700).
     */
    public static void fitHeaders(TableView<?> table) {
        for (TableColumn<?, ?> column : table.getColumns()) {
            Text text = new Text(column.getText());
            text.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize()));
            column.setMinWidth(Math.ceil(text.getLayoutBounds().getWidth()) + HEADER_PADDING);
        }
    }

    /**
     * Hides the columns a table has no room for, the least needed first, so that the columns it keeps show their
     * cells whole instead of every cell being cut to "shop/wor..." or "running · star..." (issue 12: usable down to
     * 1024x700). A column needs its preferred width (set in the FXML for its usual content) and one is shown only
     * while every wanted column more needed than it fits too. {@code wanted} says whether a sheddable column has
     * anything to show at all (a column that is empty in every row takes no room); the other columns count while they
     * are visible. {@code dependencies} are what {@code wanted} reads.
     */
    public static <S> void shedWhenNarrow(TableView<S> table, List<TableColumn<S, ?>> leastNeededFirst,
            Predicate<TableColumn<S, ?>> wanted, Observable... dependencies) {
        Map<TableColumn<S, ?>, Double> needs = new IdentityHashMap<>();
        for (TableColumn<S, ?> column : table.getColumns()) {
            needs.put(column, column.getPrefWidth());
        }
        List<Observable> inputs = new ArrayList<>(List.of(dependencies));
        inputs.add(table.widthProperty());
        for (TableColumn<S, ?> column : table.getColumns()) {
            if (!leastNeededFirst.contains(column)) inputs.add(column.visibleProperty());
            // A badge column's minimum grows with the widest badge it has shown (see badge()).
            inputs.add(column.minWidthProperty());
        }
        Observable[] all = inputs.toArray(Observable[]::new);
        for (int i = 0; i < leastNeededFirst.size(); i++) {
            TableColumn<S, ?> column = leastNeededFirst.get(i);
            List<TableColumn<S, ?>> shedBefore = leastNeededFirst.subList(0, i);
            column.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
                if (!wanted.test(column)) return false;
                double needed = SCROLL_BAR;
                for (TableColumn<S, ?> c : table.getColumns()) {
                    if (shedBefore.contains(c)) continue;
                    boolean counts = leastNeededFirst.contains(c) ? wanted.test(c) : c.isVisible();
                    if (counts) needed += Math.max(needs.get(c), c.getMinWidth());
                }
                return table.getWidth() >= needed;
            }, all));
        }
    }

    public static <S> void text(TableColumn<S, String> column, Function<S, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    /**
     * A column whose cells show {@code badge(row)} as a {@link Badge}. A badge is never cut ("exited 143 (SIGTE",
     * "succeede"): the column's minimum grows to the widest badge it has shown, and the columns that can step aside
     * ({@link #shedWhenNarrow}) make room for it.
     */
    public static <S> void badge(TableColumn<S, S> column, Function<S, BadgeText> badge) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(ignored -> new TableCell<>() {
            private final Badge node = new Badge();

            @Override
            protected void layoutChildren() {
                super.layoutChildren();
                if (getGraphic() != null) {
                    // Measured here, where the badge has its style: its width is known only once CSS has run.
                    double needed = Math.ceil(node.prefWidth(-1) + snappedLeftInset() + snappedRightInset());
                    if (needed > column.getMinWidth()) {
                        column.setMinWidth(needed);
                    }
                }
            }

            @Override
            protected void updateItem(S row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                BadgeText shown = badge.apply(row);
                setGraphic(node.show(shown.text(), shown.tone()));
            }
        });
    }
}
