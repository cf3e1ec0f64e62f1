package io.capstan.console.fx;

import javafx.scene.control.SplitPane;
import javafx.scene.control.skin.SplitPaneSkin;

/**
 * A split pane whose dividers keep their place as a share of its size when the window is resized. JavaFX's own skin
 * hands a resize out in equal pixel amounts to the panes, so narrowing a 1360-px window to 1024 took 168 px from each
 * side: the deployment tree kept a third of the window, and the tables and the log toolbar beside it were squeezed
 * below their minimum (Follow went into the toolbar's overflow menu). Dragging a divider still moves it: the positions
 * kept are the ones before each layout, which include a drag (decision record 128).
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
        getSkinnable().setDividerPositions(kept);
    }
}
