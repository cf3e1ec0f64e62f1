package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.fx.DirectBackground;
import io.capstan.console.fx.Stylesheets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.text.Font;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The log font drawn off screen (decision record 145) only saves the first flood frame its glyphs if it is the very
 * font the pane's rows draw with: Prism keeps glyphs per font, size and smoothing. So the rows it drew must have, for
 * every kind of row, the font a real pane's row of that kind gets from the console's stylesheet; and it is drawn once.
 */
class LogFontWarmUpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            fx(() -> {
                stage.close();
                return null;
            });
        }
    }

    @Test
    void aPaneDrawsTheFontOfEachKindOfRowItsRowsGetAndOnlyOnce() throws Exception {
        LogPaneViewModel model = new LogPaneViewModel("fonts", new DirectBackground(), LogFontWarmUp.NO_EFFECTS, Clock.systemUTC(),
                10_000);
        double scale = fx(() -> Screen.getPrimary().getOutputScaleX());
        Node drawn = fx(() -> {
            Parent root = (Parent) LogPaneView.load(model).root();
            List<LogEntry> rows = new ArrayList<>();
            for (LogEntry.Kind kind : LogEntry.Kind.values()) {
                rows.add(new LogEntry(rows.size(), rows.size() + 1, 0, kind, kind.name() + " row", List.of()));
            }
            model.accept(rows);
            stage = new Stage();
            Scene scene = new Scene(root, 900, 500);
            scene.getStylesheets().add(Stylesheets.CONSOLE);
            stage.setScene(scene);
            stage.show();
            return LogFontWarmUp.drawn(scale);
        });
        assertThat(drawn).as("drawn when the pane was made").isNotNull();

        Map<LogEntry.Kind, Font> paneFonts = new EnumMap<>(LogEntry.Kind.class);
        await().atMost(WAIT).untilAsserted(() -> {
            paneFonts.putAll(fx(() -> fontsByKind(stage.getScene().getRoot(), text -> text.contains(" row"))));
            assertThat(paneFonts).hasSize(LogEntry.Kind.values().length);
        });
        Map<LogEntry.Kind, Font> drawnFonts = fx(() -> drawnFontsByKind(drawn));

        assertThat(drawnFonts).isEqualTo(paneFonts);
        // The kinds differ (system and notice rows are italic), so a font taken from the wrong place would show.
        assertThat(paneFonts.get(LogEntry.Kind.SYSTEM)).isNotEqualTo(paneFonts.get(LogEntry.Kind.STDOUT));

        fx(() -> LogPaneView.load(model));
        assertThat(fx(() -> LogFontWarmUp.drawn(scale))).as("not drawn again").isSameAs(drawn);
    }

    /** The fonts of a pane's row labels, by the kind named in their text. */
    private static Map<LogEntry.Kind, Font> fontsByKind(Parent root, java.util.function.Predicate<String> ours) {
        Map<LogEntry.Kind, Font> fonts = new EnumMap<>(LogEntry.Kind.class);
        for (Node node : root.lookupAll(".log-row")) {
            if (node instanceof Label label && label.isVisible() && label.getText() != null && ours.test(label.getText())) {
                String text = label.getText().replace("— ", "");
                fonts.put(LogEntry.Kind.valueOf(text.substring(0, text.indexOf(' '))), label.getFont());
            }
        }
        return fonts;
    }

    /** The warm-up's rows are in kind order, {@link LogFontWarmUp#ROWS_PER_KIND} of each; each kind's rows share a font. */
    private static Map<LogEntry.Kind, Font> drawnFontsByKind(Node drawn) {
        Map<LogEntry.Kind, Font> fonts = new EnumMap<>(LogEntry.Kind.class);
        List<Node> labels = new ArrayList<>(((Parent) drawn).lookupAll(".log-row"));
        assertThat(labels).hasSize(LogEntry.Kind.values().length * LogFontWarmUp.ROWS_PER_KIND);
        for (int i = 0; i < labels.size(); i++) {
            LogEntry.Kind kind = LogEntry.Kind.values()[i / LogFontWarmUp.ROWS_PER_KIND];
            Font font = ((Label) labels.get(i)).getFont();
            assertThat(fonts.getOrDefault(kind, font)).isEqualTo(font);
            fonts.put(kind, font);
        }
        return fonts;
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return FxToolkit.setupFixture(work);
    }
}
