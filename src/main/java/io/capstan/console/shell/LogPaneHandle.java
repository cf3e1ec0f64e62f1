package io.capstan.console.shell;

import io.capstan.protocol.Job;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;

/**
 * A log pane as the dock sees it: a node it can move between a tab and a window without the pane noticing, a key
 * so the same job or service never gets two panes (and two streams), and a close that ends the pane's stream.
 */
public interface LogPaneHandle {

    /** {@code <agent>/job/<id>} or {@code <agent>/service/<deployment>/<service>}. */
    String key();

    Node node();

    ReadOnlyStringProperty titleProperty();

    /** Newer state of the pane's job from the event stream; ignored by service panes. */
    void jobChanged(Job job);

    /** Closes the pane's stream. Idempotent. */
    void close();
}
