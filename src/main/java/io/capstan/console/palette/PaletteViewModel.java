package io.capstan.console.palette;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The command palette (Ctrl+K): a query, the entries that match it best first, one of them highlighted (arrow keys
 * move it), Enter runs it and Esc closes. The entries are taken fresh from {@code source} each time the palette
 * opens, so they name what the console shows now. Running an entry closes the palette first, so a confirmation
 * the entry asks for is not hidden behind it. UI thread only.
 */
public final class PaletteViewModel {

    /** More than a screenful is noise: a palette is for narrowing down, not browsing. */
    static final int LIMIT = 30;

    private final Supplier<List<PaletteEntry>> source;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<PaletteEntry> results = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing", false);
    private List<PaletteEntry> entries = List.of();

    public PaletteViewModel(Supplier<List<PaletteEntry>> source) {
        this.source = Objects.requireNonNull(source);
        query.addListener((obs, old, now) -> rank());
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The matching entries, best first. */
    public ObservableList<PaletteEntry> results() {
        return results;
    }

    /** The highlighted result's index, -1 when there is none. */
    public ReadOnlyIntegerProperty selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty showingProperty() {
        return showing;
    }

    /** Opens with an empty query and the current entries. */
    public void open() {
        entries = List.copyOf(source.get());
        query.set("");
        rank();
        showing.set(true);
    }

    public void close() {
        showing.set(false);
    }

    public void down() {
        move(1);
    }

    public void up() {
        move(-1);
    }

    /** Highlights the result at {@code index} (a click on it). */
    public void select(int index) {
        if (index >= 0 && index < results.size()) {
            selected.set(index);
        }
    }

    /** Closes the palette and runs the highlighted entry, if any. */
    public void accept() {
        int index = selected.get();
        if (index < 0 || index >= results.size()) {
            return;
        }
        PaletteEntry entry = results.get(index);
        close();
        entry.run().run();
    }

    private void move(int step) {
        if (results.isEmpty()) {
            return;
        }
        selected.set(Math.floorMod(selected.get() + step, results.size()));
    }

    private void rank() {
        String q = query.get() == null ? "" : query.get();
        record Scored(PaletteEntry entry, int score, int order) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PaletteEntry entry = entries.get(i);
            int score = FuzzyMatch.score(q, entry.searchText());
            if (score != FuzzyMatch.NO_MATCH) {
                scored.add(new Scored(entry, score, i));
            }
        }
        // Best score first; among equals the shorter title (the deployment before its services), then source order.
        // An empty query keeps the source order: agents, their deployments, their services, recent jobs.
        boolean blank = q.isBlank();
        scored.sort(Comparator.comparingInt((Scored s) -> -s.score())
                .thenComparingInt(s -> blank ? 0 : s.entry().title().length())
                .thenComparingInt(Scored::order));
        results.setAll(scored.stream().limit(LIMIT).map(Scored::entry).toList());
        selected.set(results.isEmpty() ? -1 : 0);
    }
}
