package io.capstan.console.palette;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteViewModelTest {

    private final List<String> ran = new ArrayList<>();
    private final List<PaletteEntry> entries = List.of(
            entry("Go to This computer", "agent"),
            entry("Restart shop/web", "service on This computer"),
            entry("Restart shop", "deployment on This computer"),
            entry("Stop shop", "deployment on This computer"),
            entry("Restart analytics", "deployment on This computer"),
            entry("Open log shop/worker", "service on This computer"),
            entry("Restart shop", "deployment on prod"));
    private final PaletteViewModel model = new PaletteViewModel(() -> entries);

    private PaletteEntry entry(String title, String detail) {
        return new PaletteEntry(title, detail, () -> ran.add(title + " | " + detail));
    }

    private List<String> titles() {
        return model.results().stream().map(e -> e.title() + " | " + e.detail()).toList();
    }

    @Test
    void aFewLettersOfTheTargetAndTheActionFindTheDeploymentFirst() {
        model.open();
        model.queryProperty().set("shop rest");

        assertThat(titles()).first().isEqualTo("Restart shop | deployment on This computer");
        assertThat(titles()).contains("Restart shop/web | service on This computer", "Restart shop | deployment on prod")
                .doesNotContain("Restart analytics | deployment on This computer", "Stop shop | deployment on This computer");
        assertThat(model.selectedProperty().get()).isZero();
    }

    @Test
    void theAgentsNameNarrowsToThatAgent() {
        model.open();
        model.queryProperty().set("rest shop prod");

        assertThat(titles()).containsExactly("Restart shop | deployment on prod");
    }

    @Test
    void lettersInOrderStillMatchButRankBelowWords() {
        model.open();
        model.queryProperty().set("rstrt anl");

        assertThat(titles()).containsExactly("Restart analytics | deployment on This computer");
        assertThat(FuzzyMatch.score("rest", "Restart shop")).isGreaterThan(FuzzyMatch.score("tart", "Restart shop"));
        assertThat(FuzzyMatch.score("tart", "Restart shop")).isGreaterThan(FuzzyMatch.score("rstrt", "Restart shop"));
        assertThat(FuzzyMatch.score("shop", "Stop shop")).isGreaterThan(FuzzyMatch.score("sho", "Stop shop"));
        assertThat(FuzzyMatch.score("xyz", "Stop shop")).isEqualTo(FuzzyMatch.NO_MATCH);
    }

    @Test
    void anEmptyQueryListsEverythingInSourceOrder() {
        model.open();

        assertThat(model.results()).containsExactlyElementsOf(entries);
        assertThat(model.showingProperty().get()).isTrue();
    }

    @Test
    void arrowsMoveTheHighlightAndWrapAround() {
        model.open();
        model.queryProperty().set("restart shop");
        int count = model.results().size();
        assertThat(count).isEqualTo(3);

        model.down();
        assertThat(model.selectedProperty().get()).isEqualTo(1);
        model.down();
        model.down();
        assertThat(model.selectedProperty().get()).as("wraps to the top").isZero();
        model.up();
        assertThat(model.selectedProperty().get()).as("wraps to the bottom").isEqualTo(count - 1);
    }

    @Test
    void enterClosesThePaletteFirstThenRunsTheHighlightedEntryOnce() {
        List<Boolean> showingWhenRun = new ArrayList<>();
        PaletteViewModel palette = new PaletteViewModel(() -> List.of(
                new PaletteEntry("Stop shop", "deployment on lab", () -> showingWhenRun.add(Boolean.TRUE))));
        palette.open();
        palette.showingProperty().addListener((obs, old, now) -> showingWhenRun.add(now));
        palette.queryProperty().set("stop");

        palette.accept();

        assertThat(showingWhenRun).as("closed, then run").containsExactly(false, true);
    }

    @Test
    void nothingMatchingRunsNothing() {
        model.open();
        model.queryProperty().set("zzz");

        model.accept();

        assertThat(model.results()).isEmpty();
        assertThat(model.selectedProperty().get()).isEqualTo(-1);
        assertThat(ran).isEmpty();
        assertThat(model.showingProperty().get()).as("stays open to be corrected").isTrue();
    }

    @Test
    void reopeningTakesFreshEntriesAndClearsTheQuery() {
        List<PaletteEntry> live = new ArrayList<>(List.of(entry("Stop shop", "deployment on lab")));
        PaletteViewModel palette = new PaletteViewModel(() -> live);
        palette.open();
        palette.queryProperty().set("stop");
        palette.close();
        live.add(entry("Stop relay", "deployment on lab"));

        palette.open();

        assertThat(palette.queryProperty().get()).isEmpty();
        assertThat(palette.results()).hasSize(2);
    }

    @Test
    void atMostALimitedNumberOfResults() {
        List<PaletteEntry> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(entry("Restart d" + i, "deployment on lab"));
        }
        PaletteViewModel palette = new PaletteViewModel(() -> many);
        palette.open();
        palette.queryProperty().set("rest");

        assertThat(palette.results()).hasSize(PaletteViewModel.LIMIT);
    }
}
