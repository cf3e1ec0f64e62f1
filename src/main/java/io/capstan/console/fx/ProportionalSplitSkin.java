package io.capstan.console.fx;

import javafx.scene.control.SplitPane;
import javafx.scene.control.skin.SplitPaneSkin;

/**
 * A split pane whose dividers keep their place as a share of its size when the window is resized. JavaFX's own skin
 * hands a resize out in equal pixel amounts to the panes, so narrowing a 1360-px window to 1024 took 168 px from each
 * side: the deployment tree kept a third of the window, and the tables and the log toolbar beside it were squeezed
 * below their minimum (Follow went into the toolbar's overflow menu). Dragging a divider still moves it: the positions
 * kept are the ones before each layout, which include a drag (decision record 128).
 *
 * <p>A position is put back only when the layout moved it by a pixel or more (a resize), not when JavaFX's snapping to
 * whole pixels nudged it (0.42 to 0.4192 at every layout): putting it back asks for a layout in the middle of one, which
 * leaves the split marked dirty under clean parents, and a layout root inside it (a tab's content: the log dock) then
 * never laid out again. A log pane's header kept saying "connecting…" while its label said "live" (decision record 160).
 */
public final class ProportionalSplitSkin extends SplitPaneSkin {

    public ProportionalSplitSkin(SplitPane split) {
        super(split);
    }

    /** Gives each of {@code splits} this skin. */
    public static void install(SplitPane... splits) {
        for (SplitPane split : splits) {
            split.setSkin(new ProportionalSplitSkin(split));
        }
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double[] kept = getSkinnable().getDividerPositions();
        super.layoutChildren(x, y, w, h);
        if (movedAPixel(kept, getSkinnable().getDividerPositions(),
                getSkinnable().getOrientation() == javafx.geometry.Orientation.HORIZONTAL ? w : h)) {
            getSkinnable().setDividerPositions(kept);
        }
    }

    /** Whether a divider moved by at least a pixel along a split {@code length} long. */
    static boolean movedAPixel(double[] before, double[] after, double length) {
        if (before.length != after.length) {
            return true;
        }
        for (int i = 0; i < before.length; i++) {
            if (Math.abs(before[i] - after[i]) * length >= 1) {
                return true;
            }
        }
        return false;
    }
}
