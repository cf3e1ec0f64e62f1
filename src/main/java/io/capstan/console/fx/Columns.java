package io.capstan.console.fx;

import io.capstan.console.format.BadgeText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.beans.value.WeakChangeListener;
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

    /** Marks a column {@link #shedWhenNarrow} may hide, in its properties. */
    private static final String SHEDDABLE = "capstan.column.sheddable";

    /** A {@link #ticking} column's text for a row, in its properties. */
    private static final String TICKING_TEXT = "capstan.column.tickingText";

    /**
     * The most a column that keeps its width ({@link #shedWhenNarrow}) takes for its text: a longer name (a service's
     * may have 63 characters) gives way with an ellipsis, as a name in a cell does (decision 137), rather than push the
     * table past its edge. A header or a badge is kept whole whatever its width.
     */
    static final double KEPT_AT_MOST = 200;

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
     * 1024x700). A column needs its preferred width (set in the FXML for its usual content, and raised by a cell whose
     * content turned out wider: read each time, not once) and one is shown only while every wanted column more needed
     * than it fits too. {@code wanted} says whether a sheddable column has
     * anything to show at all (a column that is empty in every row takes no room); the other columns count while they
     * are visible. {@code dependencies} are what {@code wanted} reads.
     *
     * <p>{@code givingWay} is the one column whose width changes with the table's (decision 161): every other column
     * keeps exactly the width its content needs ({@link #kept}), so the table's resize policy (which shares a change
     * among the columns it may resize, in proportion, not by need) gives room to that one and takes a shortage from
     * that one alone, down to its header. One that gives way {@linkplain GivingWay#first first} (the services' process
     * figures, which say less) counts at its header's width, so it narrows before anything is shed: without that the
     * first screen lost its uptimes to a badge grown by a few letters while the figures kept their full width. One that
     * gives way {@linkplain GivingWay#last last} (the jobs' target, a name) counts at its need, so it narrows only
     * once everything that can is shed.
     */
    public static <S> void shedWhenNarrow(TableView<S> table, GivingWay<S> givingWay,
            List<TableColumn<S, ?>> leastNeededFirst, Predicate<TableColumn<S, ?>> wanted, Observable... dependencies) {
        for (TableColumn<S, ?> column : table.getColumns()) {
            if (column != givingWay.column()) keepWidth(column);
        }
        List<Observable> inputs = new ArrayList<>(List.of(dependencies));
        inputs.add(table.widthProperty());
        for (TableColumn<S, ?> column : table.getColumns()) {
            if (!leastNeededFirst.contains(column)) inputs.add(column.visibleProperty());
            inputs.add(column.prefWidthProperty());
            // A badge column's minimum grows with the widest badge it has shown (see badge()).
            inputs.add(column.minWidthProperty());
        }
        Observable[] all = inputs.toArray(Observable[]::new);
        for (int i = 0; i < leastNeededFirst.size(); i++) {
            TableColumn<S, ?> column = leastNeededFirst.get(i);
            column.getProperties().put(SHEDDABLE, true);
            List<TableColumn<S, ?>> shedBefore = leastNeededFirst.subList(0, i);
            column.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
                if (!wanted.test(column)) return false;
                double needed = SCROLL_BAR;
                for (TableColumn<S, ?> c : table.getColumns()) {
                    if (shedBefore.contains(c)) continue;
                    boolean counts = leastNeededFirst.contains(c) ? wanted.test(c) : c.isVisible();
                    if (counts) {
                        needed += c != givingWay.column() ? kept(c)
                                : givingWay.beforeShedding() ? c.getMinWidth() : Math.max(c.getPrefWidth(), c.getMinWidth());
                    }
                }
                return table.getWidth() >= needed;
            }, all));
        }
    }

    /**
     * Holds {@code column} at {@link #kept}: a column the resize policy may not resize (its minimum is its maximum) is
     * left out of the policy's sharing.
     */
    private static void keepWidth(TableColumn<?, ?> column) {
        javafx.beans.InvalidationListener keep = observable -> {
            double width = kept(column);
            if (column.getMinWidth() != width) column.setMinWidth(width);
            if (column.getMaxWidth() != width) column.setMaxWidth(width);
        };
        column.prefWidthProperty().addListener(keep);
        column.minWidthProperty().addListener(keep);
        keep.invalidated(null);
    }

    /**
     * The width a column keeps: its preferred width (the FXML's guess, raised by content that turned out wider; a text
     * at most {@link #KEPT_AT_MOST}) or its minimum (its header, its widest badge), whichever is more. Never less than
     * before: a wider value seen once keeps its room, as a badge does (decision 137).
     */
    private static double kept(TableColumn<?, ?> column) {
        return Math.ceil(Math.max(Math.min(column.getPrefWidth(), KEPT_AT_MOST), column.getMinWidth()));
    }

    /** The column of a table that gives up width when the table is short of it ({@link #shedWhenNarrow}). */
    public record GivingWay<S>(TableColumn<S, ?> column, boolean beforeShedding) {

        /** Narrows (its content saying less) before any column is shed. */
        public static <S> GivingWay<S> first(TableColumn<S, ?> column) {
            return new GivingWay<>(column, true);
        }

        /** Narrows only once every column that can be shed is. */
        public static <S> GivingWay<S> last(TableColumn<S, ?> column) {
            return new GivingWay<>(column, false);
        }
    }

    /**
     * Raises {@code cell}'s column's preferred width to what the cell's content needs, never lowers it. A column's
     * preferred width is its need ({@link #shedWhenNarrow}), and a width set in the FXML is a guess made before the
     * content is known: the Process column's pid, sparkline and figures took more than its 175 pixels, so with room to
     * spare its figures were cut ("1.4% · 47..."), and whether a test saw it depended on whether the first resource
     * poll had answered yet. Call from {@code updateItem}, after the content is set; cheap (the pref sizes are cached).
     */
    public static void fitContent(TableCell<?, ?> cell, javafx.scene.Node content) {
        fit(cell, content.prefWidth(-1));
    }

    private static void fit(TableCell<?, ?> cell, double contentWidth) {
        TableColumn<?, ?> column = cell.getTableColumn();
        if (column == null) return;
        double need = Math.ceil(contentWidth + cell.snappedLeftInset() + cell.snappedRightInset());
        if (need > column.getPrefWidth()) column.setPrefWidth(need);
        // A column that steps aside when narrow is shown only while its need fits, so it may also insist on it: the
        // constrained resize policy otherwise takes width from every column as a window narrows, its own need or not
        // ("384 ..." in Took at 1150 pixels after 1280, with room kept in other columns).
        if (Boolean.TRUE.equals(column.getProperties().get(SHEDDABLE)) && need > column.getMinWidth()) {
            column.setMinWidth(need);
        }
    }

    /**
     * Sets the theme's cell alignment (AtlantaFX: baseline, left) in code. JavaFX's row skin sets {@code TOP_LEFT} on any
     * cell of a row taller than 24 px whose alignment no stylesheet has set yet (RT-32700), and a value set in code
     * outranks every stylesheet from then on. A cell laid out before its first CSS pass (each cell of a column that has
     * just appeared, such as Exit after a crash) kept it for good: its text drawn at the top of a 40 px row, a line
     * above its neighbours'. Set here first, the skin leaves it alone.
     */
    public static void alignAsTheTheme(TableCell<?, ?> cell) {
        cell.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
    }

    public static <S> void text(TableColumn<S, String> column, Function<S, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        fittingText(column);
    }

    /**
     * Plain text cells whose column asks for their text's width ({@link #fitContent}): a "258 ms" in a Took column
     * guessed at 55 pixels was cut to "25..." where the table had room for it.
     */
    public static <S> void fittingText(TableColumn<S, String> column) {
        column.setCellFactory(ignored -> new TableCell<>() {
            private final Text measure = new Text();

            {
                alignAsTheTheme(this);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                if (!empty && item != null && !item.isEmpty()) {
                    measure.setText(item);
                    measure.setFont(getFont());
                    fit(this, measure.getLayoutBounds().getWidth());
                }
            }
        });
    }

    /**
     * Text cells for a value the one-second tick changes (an uptime, a running job's duration): {@code text(row)}, shown
     * again whenever one of {@code clock} changes. A new value that fits where the old one was drawn lays nothing out
     * ({@link TickingText}). The cell listens to the clock itself: a cell value bound to the clock would not do, as a
     * {@code TableCell} asks for a layout each time its value changes, which lays the whole table out again. Sorted by
     * the text shown, as a text column is.
     */
    public static <S> void ticking(TableColumn<S, S> column, Function<S, String> text, ObservableValue<?>... clock) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setComparator(java.util.Comparator.comparing(text));
        column.getProperties().put(TICKING_TEXT, text);
        column.setCellFactory(ignored -> new TickingCell<>(text, clock));
    }

    /** What a {@link #ticking} column shows for {@code row} now, drawn or not (a hidden column's too). */
    @SuppressWarnings("unchecked")
    public static <S> String tickingText(TableColumn<S, ?> column, S row) {
        Function<S, String> text = (Function<S, String>) column.getProperties().get(TICKING_TEXT);
        if (text == null) throw new IllegalArgumentException(column.getText() + " is not a ticking column");
        return text.apply(row);
    }

    /**
     * Calls {@code onTick} whenever one of {@code clock} changes, held weakly: the cell that owns {@code onTick} keeps
     * it, so a cell the table lets go of is not kept ticking.
     */
    private static void follow(ObservableValue<?>[] clock, ChangeListener<Object> onTick) {
        for (ObservableValue<?> source : clock) {
            source.addListener(new WeakChangeListener<>(onTick));
        }
    }

    private static final class TickingCell<S> extends TableCell<S, S> {
        private final TickingText shown = new TickingText(this);
        private final Function<S, String> text;
        /** Held here: the clock holds it weakly, so a cell the table lets go of is not kept ticking. */
        private final ChangeListener<Object> onTick = (obs, old, now) -> show();

        TickingCell(Function<S, String> text, ObservableValue<?>[] clock) {
            alignAsTheTheme(this);
            this.text = text;
            follow(clock, onTick);
        }

        @Override
        protected void updateItem(S row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            show();
        }

        private void show() {
            S row = isEmpty() ? null : getItem();
            String value = row == null ? null : text.apply(row);
            if (value == null || value.isEmpty()) {
                setGraphic(null);
                return;
            }
            shown.setText(value);
            if (getGraphic() != shown) {
                setGraphic(shown);
            }
            fit(this, shown.textWidth());
        }
    }

    /**
     * A column whose cells show {@code badge(row)} as a {@link Badge}. A badge is never cut ("exited 143 (SIGTE",
     * "succeede"): the column's minimum is the widest badge of the table's rows ({@link BadgeColumnWidth}), and the
     * columns that can step aside ({@link #shedWhenNarrow}) make room for it. Call after {@link #fitHeaders}.
     */
    public static <S> void badge(TableColumn<S, S> column, Function<S, BadgeText> badge) {
        badge(column, badge, new ObservableValue<?>[0]);
    }

    /**
     * As {@link #badge(TableColumn, Function)}, for a badge that can change with the time (a restart's countdown): each
     * cell reads {@code badge(row)} again when one of {@code clock} changes, and redraws only if it reads differently,
     * so a tick that changes no badge lays nothing out and restyles nothing.
     */
    public static <S> void badge(TableColumn<S, S> column, Function<S, BadgeText> badge, ObservableValue<?>... clock) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        BadgeColumnWidth<S> width = new BadgeColumnWidth<>(column, badge);
        column.setCellFactory(ignored -> new BadgeCell<>(badge, width, clock));
    }

    private static final class BadgeCell<S> extends TableCell<S, S> {
        private final Badge node = new Badge();
        private final Function<S, BadgeText> badge;
        private final BadgeColumnWidth<S> width;
        private BadgeText shown;
        /** Held here: the clock holds it weakly, so a cell the table lets go of is not kept ticking. */
        private final ChangeListener<Object> onTick = (obs, old, now) -> show(false);

        BadgeCell(Function<S, BadgeText> badge, BadgeColumnWidth<S> width, ObservableValue<?>[] clock) {
            alignAsTheTheme(this);
            this.badge = badge;
            this.width = width;
            follow(clock, onTick);
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (getGraphic() != null) {
                // Measured here, where the badge has its style: its width is known only once CSS has run.
                width.drawn(node, this);
            }
        }

        @Override
        protected void updateItem(S row, boolean empty) {
            super.updateItem(row, empty);
            show(true);
        }

        private void show(boolean always) {
            S row = isEmpty() ? null : getItem();
            if (row == null) {
                shown = null;
                setGraphic(null);
                return;
            }
            BadgeText now = badge.apply(row);
            if (always || !now.equals(shown)) {
                shown = now;
                setGraphic(node.show(now.text(), now.tone()));
            }
        }
    }
}
