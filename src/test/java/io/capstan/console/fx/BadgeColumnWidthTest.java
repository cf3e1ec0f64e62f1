package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.console.format.BadgeText;
import io.capstan.console.format.StatusStyles;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * A badge column is as wide as the widest badge of its rows now (decision 161): never cut, and the room of a badge
 * no row shows any more ("exited 137 (killed) · 3 restarts" before a restart) is given back.
 */
class BadgeColumnWidthTest extends FxFixtureTest {
    private static final String PASSING = "exited 137 (killed) · 3 restarts";

    private final ObservableList<String> rows = FXCollections.observableArrayList(List.of("running", "running · healthy"));

    @Test
    void theColumnGrowsToAWiderBadgeAndGivesTheRoomBackWhenNoRowShowsIt() throws Exception {
        TableView<String> table = table();
        TableColumn<String, ?> status = table.getColumns().get(0);
        double usual = fx(status::getMinWidth);

        fx(() -> rows.set(1, PASSING));
        fx(() -> layout(table));
        double grown = fx(status::getMinWidth);
        assertThat(grown).as("grown to the passing badge").isGreaterThan(usual + 50);
        assertThat(fx(() -> badgesCut(table))).as("badges cut").isEmpty();

        fx(() -> rows.set(1, "running · healthy"));
        fx(() -> layout(table));
        assertThat(fx(status::getMinWidth)).as("the room given back").isEqualTo(usual);
        assertThat(fx(() -> badgesCut(table))).isEmpty();
    }

    @Test
    void aBadgeScrolledOutOfViewStillHoldsItsRoom() throws Exception {
        for (int i = 0; i < 40; i++) {
            rows.add("running");
        }
        rows.add(PASSING);
        TableView<String> table = table();
        TableColumn<String, ?> status = table.getColumns().get(0);
        double withPassing = fx(status::getMinWidth);

        fx(() -> rows.remove(rows.size() - 1));
        fx(() -> layout(table));
        double without = fx(status::getMinWidth);

        assertThat(withPassing).as("the last row's badge, never drawn, counts").isGreaterThan(without + 50);
    }

    /** A table of one badge column over {@link #rows}, the header first as the console's tables set it. */
    private TableView<String> table() throws Exception {
        return fx(() -> {
            TableView<String> table = new TableView<>(rows);
            TableColumn<String, String> status = new TableColumn<>("Status");
            table.getColumns().add(status);
            Columns.fitHeaders(table);
            Columns.badge(status, row -> new BadgeText(row, StatusStyles.Tone.OK));
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 500, 200));
            stage.show();
            layout(table);
            return table;
        });
    }

    private static Void layout(TableView<String> table) {
        table.applyCss();
        table.layout();
        // A second pass: the first one's cells set the column's width, which lays the cells out again.
        table.applyCss();
        table.layout();
        return null;
    }

    private static List<String> badgesCut(TableView<String> table) {
        return table.lookupAll(".badge").stream().filter(Node::isVisible).map(Labeled.class::cast)
                .filter(b -> b.getText() != null && !b.getText().isEmpty())
                .filter(b -> b.lookupAll(".text").stream().map(t -> ((Text) t).getText()).anyMatch(s -> !s.equals(b.getText())))
                .map(Labeled::getText).toList();
    }
}
