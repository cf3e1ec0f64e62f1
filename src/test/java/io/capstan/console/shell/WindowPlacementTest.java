package io.capstan.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {

    private static final Rectangle2D LARGE = new Rectangle2D(0, 0, 1920, 1050);

    @Test
    void aFirstStartOpensAtTheDefaultSize() {
        assertThat(WindowPlacement.size(Double.NaN, Double.NaN, LARGE)).isEqualTo(new Dimension2D(1280, 800));
    }

    @Test
    void aSavedSizeIsKeptButNeverBelowTheMinimum() {
        assertThat(WindowPlacement.size(1500, 900, LARGE)).isEqualTo(new Dimension2D(1500, 900));
        assertThat(WindowPlacement.size(200, 200, LARGE)).as("openbox's 200x200, once saved")
                .isEqualTo(new Dimension2D(1024, 700));
    }

    @Test
    void aSmallScreenGetsAWindowNoLargerThanItself() {
        Rectangle2D small = new Rectangle2D(0, 0, 1000, 650);
        assertThat(WindowPlacement.size(Double.NaN, Double.NaN, small)).isEqualTo(new Dimension2D(1000, 650));
        assertThat(WindowPlacement.minimum(small)).isEqualTo(new Dimension2D(1000, 650));
    }
}
