package io.capstan.console.common;

/**
 * The modal questions and messages view models need. {@code FxDialogs} shows real dialogs; tests hand in a fake
 * that answers and records.
 */
public interface Dialogs {

    /**
     * Asks before something disruptive. Returns true when the user chose {@code confirmLabel}.
     *
     * @param header one line naming what will happen, e.g. "Stop shop on This computer?"
     * @param body   the consequences, e.g. which services go down
     */
    boolean confirm(String title, String header, String body, String confirmLabel);

    /** What the user chose in a question that offers "don't ask again". */
    record Answer(boolean confirmed, boolean dontAskAgain) {
    }

    /**
     * As {@link #confirm(String, String, String, String)}, with a check box labelled {@code dontAskAgain} (unchecked
     * at first). Cancel stays the default.
     */
    default Answer confirm(String title, String header, String body, String confirmLabel, String dontAskAgain) {
        return new Answer(confirm(title, header, body, confirmLabel), false);
    }

    /** One clear message for one failure, carrying the agent's own error text (failure row 30). */
    void error(String title, String message);
}
