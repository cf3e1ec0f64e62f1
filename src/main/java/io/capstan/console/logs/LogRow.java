package io.capstan.console.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import javafx.css.PseudoClass;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.fxmisc.flowless.Cell;

/**
 * One visible row of a log pane, reused as the user scrolls (a cell of {@link FlowRows}, a slot of {@link FixedRows}).
 * The common case (no colours, no search hit) is plain
 * label text with a style class for its stream, which is cheap enough for a flood; only rows with ANSI colours or a
 * search hit build a {@link TextFlow}, from the segments {@link Segments} computes.
 */
final class LogRow implements Cell<LogEntry, Label> {

    private static final List<String> KIND_STYLES = List.of("log-stdout", "log-stderr", "log-system", "log-notice");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final Label label = new Label();
    private final LogPaneViewModel model;
    private final DoubleSupplier wrapWidth;
    private LogEntry entry;

    /**
     * @param wrapWidth the width to wrap at when wrapping is on (the flow's current width)
     */
    LogRow(LogPaneViewModel model, LogEntry entry, DoubleSupplier wrapWidth) {
        this.model = model;
        this.wrapWidth = wrapWidth;
        label.getStyleClass().add("log-row");
        label.setMinHeight(Label.USE_PREF_SIZE);
        if (entry != null) {
            updateItem(entry);
        }
    }

    /** An empty row of an unwrapped view, which gives it its rows later. */
    LogRow(LogPaneViewModel model) {
        this(model, null, () -> 0);
    }

    @Override
    public Label getNode() {
        return label;
    }

    @Override
    public boolean isReusable() {
        return true;
    }

    /** Re-renders the row when the search, the toggles or the selection changed. */
    void refresh() {
        if (entry != null) {
            updateItem(entry);
        }
    }

    @Override
    public void updateItem(LogEntry item) {
        entry = item;
        String kindStyle = KIND_STYLES.get(item.kind().ordinal());
        // Only when the kind changes: any change to the style classes makes the label look up its styles again.
        if (!label.getStyleClass().contains(kindStyle)) {
            label.getStyleClass().removeAll(KIND_STYLES);
            label.getStyleClass().add(kindStyle);
        }
        label.pseudoClassStateChanged(SELECTED, model.isSelected(item));
        boolean wrap = model.wrapProperty().get();
        label.setWrapText(wrap);
        label.setPrefWidth(wrap ? wrapWidth.getAsDouble() : Label.USE_COMPUTED_SIZE);
        // Unwrapped, a row is as wide as its text: the flow sizes its rows by their minimum width, so a computed
        // (ellipsised) minimum would cut long lines at the pane's edge instead of giving the pane a horizontal scroll bar.
        label.setMinWidth(wrap ? Label.USE_COMPUTED_SIZE : Label.USE_PREF_SIZE);
        String prefix = model.timestampsProperty().get() ? LogPaneViewModel.time(item) + "  " : "";
        LogSearch search = model.searchProperty().get();
        List<int[]> hits = search.isEmpty() ? List.of() : search.ranges(item.text());
        String source = model.sourceName(item.source());
        if (item.runs().isEmpty() && hits.isEmpty() && source == null) {
            label.setGraphic(null);
            label.setContentDisplay(ContentDisplay.TEXT_ONLY);
            label.setText(prefix + (item.isNotice() ? "— " + item.text() + " —" : item.text()));
            return;
        }
        List<Text> texts = new ArrayList<>();
        if (!prefix.isEmpty()) {
            Text time = new Text(prefix);
            time.getStyleClass().addAll("log-text", "log-time");
            texts.add(time);
        }
        if (source != null) {
            // A deployment's log: the service's name in its colour, as docker compose logs prints it.
            Text name = new Text(source + " │ ");
            name.getStyleClass().addAll("log-text", "log-source", "log-source-" + Math.floorMod(item.source() - 1, 8));
            texts.add(name);
        }
        if (item.isNotice()) {
            Text mark = new Text("— ");
            mark.getStyleClass().add("log-text");
            texts.add(mark);
        }
        for (Segments.Segment segment : Segments.of(item.text(), item.runs(), hits)) {
            Text text = new Text(segment.text());
            text.getStyleClass().add("log-text");
            text.getStyleClass().addAll(segment.styles());
            texts.add(text);
        }
        TextFlow flow = new TextFlow(texts.toArray(Text[]::new));
        if (wrap) {
            flow.setPrefWidth(wrapWidth.getAsDouble());
        }
        label.setText(null);
        label.setGraphic(flow);
        label.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    LogEntry entry() {
        return entry;
    }

    @Override
    public void reset() {
        entry = null;
        label.setGraphic(null);
        label.setText(null);
    }
}
