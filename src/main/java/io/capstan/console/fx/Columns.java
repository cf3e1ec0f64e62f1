package io.capstan.console.fx;

import io.capstan.console.format.BadgeText;
import java.util.function.Function;
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

    public static <S> void text(TableColumn<S, String> column, Function<S, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    /** A column whose cells show {@code badge(row)} as a {@link Badge}. */
    public static <S> void badge(TableColumn<S, S> column, Function<S, BadgeText> badge) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(ignored -> new TableCell<>() {
            private final Badge node = new Badge();

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
