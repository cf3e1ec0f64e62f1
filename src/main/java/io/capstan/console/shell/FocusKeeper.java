package io.capstan.console.shell;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Where the keyboard goes when the control that has it disappears: a closed log pane, a tab put behind another (a new
 * job's pane in front, Ctrl+Tab from a pane's search field), a pane moved to its own window. JavaFX would move it to
 * the first focusable control in the window, the deployments filter, wherever the user was working (issue 12: "focus
 * returns to where the user was working"). Instead it goes back to the place that had it (the log in front for the
 * log dock), or to the first place (the tree) when that place has nothing to take it.
 *
 * <p>The scene drops a focus owner that left it or was hidden at the start of a pulse ({@code focusOwner} becomes null,
 * then it picks the first control); the places are asked in the same pulse after layout (when a tab put in front has
 * its content shown), before the frame is drawn, so the frame shows the keyboard where it belongs. A focus moved on
 * purpose (a click, a shortcut, the palette handing it back) goes straight from one control to another and is left
 * alone.
 */
final class FocusKeeper {

    /**
     * A part of the window the keyboard works in.
     *
     * @param region the node that holds the place's controls
     * @param focus  puts the keyboard there; false when the place has nothing to take it now
     */
    record Place(Node region, BooleanSupplier focus) {
        Place {
            Objects.requireNonNull(region);
            Objects.requireNonNull(focus);
        }
    }

    private final Scene scene;
    private final List<Place> places;
    /** The place of the control that has the keyboard, found while it is still attached (a removed node has no parent). */
    private Place current;
    /** Set when the scene dropped the focus owner, until the places are asked. */
    private Place lost;
    private boolean dropped;

    private FocusKeeper(Scene scene, List<Place> places) {
        this.scene = scene;
        this.places = List.copyOf(places);
    }

    /** Keeps the keyboard in {@code places} of {@code scene}; the first one is where it goes when all else fails. */
    static void install(Scene scene, List<Place> places) {
        if (places.isEmpty()) {
            throw new IllegalArgumentException("at least one place");
        }
        FocusKeeper keeper = new FocusKeeper(scene, places);
        scene.focusOwnerProperty().addListener((obs, old, now) -> keeper.ownerChanged(old, now));
        scene.addPostLayoutPulseListener(keeper::restore);
        keeper.current = keeper.placeOf(scene.getFocusOwner());
    }

    private void ownerChanged(Node old, Node now) {
        if (now == null && old != null && !holds(old)) {
            dropped = true;
            lost = current;
        } else if (!dropped) {
            current = placeOf(now);
        }
    }

    private void restore() {
        if (!dropped) {
            return;
        }
        Place from = lost;
        dropped = false;
        lost = null;
        if (from == null || !from.focus().getAsBoolean() || !holds(scene.getFocusOwner())) {
            places.get(0).focus().getAsBoolean();
        }
        current = placeOf(scene.getFocusOwner());
    }

    private Place placeOf(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            for (Place place : places) {
                if (place.region() == at) {
                    return place;
                }
            }
        }
        return null;
    }

    /** Whether {@code node} can keep the keyboard: in this scene, shown, enabled. */
    private boolean holds(Node node) {
        if (node == null || node.getScene() != scene || node.isDisabled()) {
            return false;
        }
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
