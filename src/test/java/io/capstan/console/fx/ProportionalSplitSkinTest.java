package io.capstan.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The split skin puts a divider back only when a layout moved it by a pixel or more: a position put back asks for a
 * layout in the middle of one, and doing it for JavaFX's pixel snapping at every layout left the log dock's panes laid
 * out once and never again (decision record 160; {@code console.ui.StalledPaneWindowTest} checks the drawn header).
 */
class ProportionalSplitSkinTest {

    @Test
    void snappingToWholePixelsIsNoMoveAResizeIs() {
        assertThat(ProportionalSplitSkin.movedAPixel(new double[] {0.42}, new double[] {0.41919191919191917}, 600))
                .as("half a pixel of snapping").isFalse();
        assertThat(ProportionalSplitSkin.movedAPixel(new double[] {0.42, 0.56}, new double[] {0.42, 0.5603448275862069}, 1100))
                .isFalse();
        assertThat(ProportionalSplitSkin.movedAPixel(new double[] {0.42}, new double[] {0.40}, 600)).as("12 px").isTrue();
        assertThat(ProportionalSplitSkin.movedAPixel(new double[] {0.42}, new double[] {0.42, 0.7}, 600)).isTrue();
    }
}
