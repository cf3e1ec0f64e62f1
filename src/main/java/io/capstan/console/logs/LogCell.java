package io.capstan.console.logs;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableObjectValue;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * One visible row. The common case (no colours, no search hit) is plain cell text with a style class for its
 * stream, which is cheap enough for a flood; only rows with ANSI colours or a search hit build a {@link TextFlow},
 * from the segments {@link Segments} computes.
 */
final class LogCell extends ListCell<LogEntry> {

    private static final List<String> KIND_STYLES = List.of("log-stdout", "log-stderr", "log-system", "log-notice");

    private final ObservableObjectValue<LogSearch> search;
    private final ObservableBooleanValue timestamps;
    private final ObservableBooleanValue wrap;

    LogCell(ObservableObjectValue<LogSearch> search, ObservableBooleanValue timestamps, ObservableBooleanValue wrap) {
        this.search = search;
        this.timestamps = timestamps;
        this.wrap = wrap;
        getStyleClass().add("log-cell");
    }

    @Override
    protected void updateItem(LogEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        getStyleClass().removeAll(KIND_STYLES);
        if (empty || entry == null) {
            setText(null);
            setGraphic(null);
            return;
        }
        getStyleClass().add(KIND_STYLES.get(entry.kind().ordinal()));
        setWrapText(wrap.get());
        String prefix = timestamps.get() ? LogPaneViewModel.time(entry) + "  " : "";
        LogSearch s = search.get();
        List<int[]> hits = s.isEmpty() ? List.of() : s.ranges(entry.text());
        if (entry.runs().isEmpty() && hits.isEmpty()) {
            setGraphic(null);
            setContentDisplay(ContentDisplay.TEXT_ONLY);
            setText(prefix + (entry.isNotice() ? "— " + entry.text() + " —" : entry.text()));
            return;
        }
        List<Text> texts = new ArrayList<>();
        if (!prefix.isEmpty()) {
            Text time = new Text(prefix);
            time.getStyleClass().addAll("log-text", "log-time");
            texts.add(time);
        }
        for (Segments.Segment segment : Segments.of(entry.text(), entry.runs(), hits)) {
            Text text = new Text(segment.text());
            text.getStyleClass().add("log-text");
            text.getStyleClass().addAll(segment.styles());
            texts.add(text);
        }
        TextFlow flow = new TextFlow(texts.toArray(Text[]::new));
        if (wrap.get()) {
            flow.maxWidthProperty().bind(getListView().widthProperty().subtract(40));
        }
        setText(null);
        setGraphic(flow);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }
}
