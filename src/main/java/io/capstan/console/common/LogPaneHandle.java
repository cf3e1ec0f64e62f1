package io.capstan.console.common;

import io.capstan.protocol.Job;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;

/**
 * A log pane as the dock sees it: a node it can move between a tab and a window without the pane noticing, a key
 * so the same job or service never gets two panes (and two streams), and a close that ends the pane's stream.
 */
public interface LogPaneHandle {

    /** {@code <agent>/job/<id>}, {@code <agent>/service/<deployment>/<service>} or {@code <agent>/deployment-log/<deployment>}. */
    String key();

    Node node();

    ReadOnlyStringProperty titleProperty();

    /** Newer state of the pane's job from the event stream; ignored by service panes. */
    void jobChanged(Job job);

    /** Puts the keyboard in the pane's search field (Ctrl+F from anywhere in the window). */
    default void focusSearch() {
    }

    /** Puts the keyboard on the pane's lines (arrows and Page Up/Down scroll them). */
    default void focusLines() {
    }

    /** Turns following the newest line on or off (View → Follow newest line, from either kind of window). */
    default void toggleFollow() {
    }

    /** Turns wrapping long lines on or off (View → Wrap long lines). */
    default void toggleWrap() {
    }

    /** Closes the pane's stream. Idempotent. */
    void close();
}
