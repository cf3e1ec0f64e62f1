package io.capstan.console.logs;

import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.Stylesheets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javafx.stage.Screen;

/**
 * Draws rows of every kind in the log rows' font once, off screen, so the first frames of a flood do not pay for it
 * (decision record 145): the console asks for it while the user reads its first list of deployments, and a pane asks
 * when it is made (nothing is drawn again if the console did).
 *
 * <p>Why: the first frame that shows log text took 130 to 220 ms of the render thread on Prism's software pipeline
 * (every machine without a qualified GPU): each glyph of the monospaced font at the rows' size is rasterised on first
 * use and kept in its font strike, and the Java code that draws glyph masks runs interpreted until then. A console has
 * drawn text before, but not in this font. The rows here are real {@link LogRow}s styled by the console's stylesheet,
 * so they get the very font, size and smoothing the pane's rows get, and the same CSS and text layout code runs.
 *
 * <p>Why a snapshot: nothing reaches the screen, and it renders through the same pipeline and the same font strike
 * (Prism keys a strike by font, size, transform and smoothing; the transform here is the screen's output scale, which
 * a window on that screen draws with). Prism holds strikes weakly, through the text nodes that drew them: the drawn
 * rows are kept for the console's life (a few kilobytes), else a collection would drop the glyphs again before the
 * pane's rows hold them.
 */
final class LogFontWarmUp {

    /**
     * Rows of each kind. A glyph is rasterised once per strike, so one row would do; the second starts at another
     * character, so each glyph is also drawn at a second place along a row. More rows cost the start more than they
     * save the flood (measured: docs/performance.md, session 8).
     */
    static final int ROWS_PER_KIND = 2;

    /** The printable ASCII characters, what nearly every log line is made of. */
    static final String PRINTABLE;

    static {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            all.append(c);
        }
        PRINTABLE = all.toString();
    }

    /** The rows drawn, by output scale; they hold their font strikes (FX thread only). */
    private static final Map<Double, Node> DRAWN = new HashMap<>();

    /** The rows drawn here are never copied or saved (also a test's pane effects). */
    static final LogPaneEffects NO_EFFECTS = new LogPaneEffects() {
        @Override
        public void copyToClipboard(String text) {
        }

        @Override
        public java.nio.file.Path chooseSaveFile(String suggestedName) {
            return null;
        }

        @Override
        public void error(String title, String message) {
        }
    };

    private LogFontWarmUp() {
    }

    /**
     * Draws the rows off screen for the primary screen's scale, unless already done in this process; call on the FX
     * thread. Blocks it while the render thread draws: once, 175-234 ms on the software pipeline at load 11-15, of
     * which 51-58 ms are the FX thread's own CPU.
     */
    static void once() {
        double scale = Screen.getPrimary().getOutputScaleX();
        DRAWN.computeIfAbsent(scale, LogFontWarmUp::draw);
    }

    /** Whether the rows have been drawn for this scale (for tests). */
    static boolean drawnFor(double scale) {
        return DRAWN.containsKey(scale);
    }

    /** The drawn rows, for tests that compare their fonts with a pane's. */
    static Node drawn(double scale) {
        return DRAWN.get(scale);
    }

    private static Node draw(double scale) {
        // A model of its own, with nothing selected or searched: rows look as a fresh pane's do.
        LogPaneViewModel model = new LogPaneViewModel("", new DirectBackground(), NO_EFFECTS, Clock.systemUTC(), 16);
        VBox rows = new VBox();
        long ordinal = 0;
        for (LogEntry.Kind kind : LogEntry.Kind.values()) {
            for (int i = 0; i < ROWS_PER_KIND; i++) {
                LogRow row = new LogRow(model);
                String text = PRINTABLE.substring(i * 7 % PRINTABLE.length()) + PRINTABLE;
                row.updateItem(new LogEntry(ordinal++, 0, 0, kind, text, List.of()));
                rows.getChildren().add(row.getNode());
            }
        }
        // Styled as a pane's rows are: the console's stylesheet, the theme's colours, inside .log-lines.
        StackPane lines = new StackPane(rows);
        lines.getStyleClass().add("log-lines");
        new Scene(lines).getStylesheets().add(Stylesheets.CONSOLE);
        SnapshotParameters params = new SnapshotParameters();
        params.setTransform(Transform.scale(scale, scale));
        params.setFill(Color.TRANSPARENT);
        lines.snapshot(params, null);
        return lines;
    }
}
