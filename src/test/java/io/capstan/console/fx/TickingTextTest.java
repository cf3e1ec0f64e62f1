package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * A column of values the one-second tick changes (uptimes, durations) must not lay the table out again each second
 * (issue 13, item 4: that relayout was one frame a second over budget during a log flood).
 */
class TickingTextTest extends FxFixtureTest {
    private final SimpleIntegerProperty seconds = new SimpleIntegerProperty(1);
    /** How many times a row of the table laid its cells out. */
    private int rowLayouts;

    /** A table of three rows whose second column shows "N s" from the ticking property, laid out once. */
    private TableView<String> table(boolean ticking) throws Exception {
        return fx(() -> {
            TableView<String> table = new TableView<>(FXCollections.observableArrayList(List.of("web", "worker", "db")));
            TableColumn<String, String> name = new TableColumn<>("Name");
            name.setId("name");
            Columns.text(name, row -> row);
            table.getColumns().add(name);
            if (ticking) {
                TableColumn<String, String> since = new TableColumn<>("Since");
                Columns.ticking(since, row -> seconds.get() + " s", seconds);
                table.getColumns().add(since);
            } else {
                // As the console's columns were before: a cell value bound to the clock, shown as the cell's text.
                TableColumn<String, String> since = new TableColumn<>("Since");
                since.setCellValueFactory(cell -> Bindings.createStringBinding(() -> seconds.get() + " s", seconds));
                Columns.fittingText(since);
                table.getColumns().add(since);
            }
            table.setRowFactory(view -> new TableRow<>() {
                @Override
                protected void layoutChildren() {
                    rowLayouts++;
                    super.layoutChildren();
                }
            });
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 400, 200));
            stage.show();
            table.applyCss();
            table.layout();
            return table;
        });
    }

    private List<TickingText> shown(TableView<String> table) {
        return table.lookupAll(".ticking-text").stream().map(TickingText.class::cast).filter(t -> t.getParent() != null
                && t.getScene() != null && !t.getText().isEmpty()).toList();
    }

    @Test
    void aNewValueThatFitsLaysNoRowOut() throws Exception {
        TableView<String> table = table(true);
        fx(() -> {
            assertThat(shown(table)).hasSize(3).allSatisfy(t -> assertThat(t.getText()).isEqualTo("1 s"));
            rowLayouts = 0;
            seconds.set(2);
            table.layout();
            assertThat(shown(table)).hasSize(3).allSatisfy(t -> assertThat(t.getText()).isEqualTo("2 s"));
            assertThat(rowLayouts).as("rows laid out again for texts of the same width").isZero();
            return null;
        });
    }

    @Test
    void aCellsOwnTextLaysEveryRowOutAgainEachTick() throws Exception {
        // The baseline the ticking cell exists for: the same column with a cell value bound to the clock.
        TableView<String> table = table(false);
        fx(() -> {
            rowLayouts = 0;
            seconds.set(2);
            table.layout();
            assertThat(rowLayouts).isGreaterThanOrEqualTo(3);
            return null;
        });
    }

    @Test
    void aWiderValueGetsTheRoomItNeeds() throws Exception {
        TableView<String> table = table(true);
        fx(() -> {
            seconds.set(12345);
            table.layout();
            assertThat(shown(table)).hasSize(3).allSatisfy(t -> {
                assertThat(t.getText()).isEqualTo("12345 s");
                assertThat(t.getWidth()).as("room for the whole text").isGreaterThanOrEqualTo(t.textWidth());
            });
            return null;
        });
    }
}
