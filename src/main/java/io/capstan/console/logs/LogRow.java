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

    /**
     * A row's kind as a pseudo-class, not a style class: a row node shows rows of every kind in turn, and a change of
     * style class makes JavaFX look up the node's styles afresh (a new style helper), where a pseudo-class only switches
     * between the states it already knows (decision record 121).
     */
    private static final List<PseudoClass> KINDS = List.of(PseudoClass.getPseudoClass("stdout"),
            PseudoClass.getPseudoClass("stderr"), PseudoClass.getPseudoClass("system"), PseudoClass.getPseudoClass("notice"));
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final Label label = new Label();
    private final LogPaneViewModel model;
    private final DoubleSupplier wrapWidth;
    private LogEntry entry;
    private PseudoClass kind;
    /** The characters of the row's text when it is plain printable ASCII in a label, else -1 ({@link #plainLength}). */
    private int plainLength = -1;

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
        PseudoClass next = KINDS.get(item.kind().ordinal());
        if (next != kind) {
            if (kind != null) {
                label.pseudoClassStateChanged(kind, false);
            }
            label.pseudoClassStateChanged(next, true);
            kind = next;
        }
        plainLength = -1;
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
            String text = prefix + (item.isNotice() ? "— " + item.text() + " —" : item.text());
            label.setText(text);
            plainLength = plainLength(text);
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

    /**
     * The length of the row's text when it is plain label text of printable ASCII only, else -1. In the rows'
     * monospaced font such a row is exactly as wide as any other of its length, so a view that knows how wide the
     * longest one it measured is need not measure a shorter one again (text layout is most of drawing a row).
     */
    int plainLength() {
        return plainLength;
    }

    private static int plainLength(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return -1;
            }
        }
        return text.length();
    }

    @Override
    public void reset() {
        entry = null;
        label.setGraphic(null);
        label.setText(null);
    }
}
