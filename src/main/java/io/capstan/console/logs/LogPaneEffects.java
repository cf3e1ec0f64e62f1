package io.capstan.console.logs;

import java.nio.file.Path;

/** What a log pane needs from the desktop; the view hands in the real clipboard and file chooser, tests a fake. */
public interface LogPaneEffects {

    void copyToClipboard(String text);

    /** Asks where to save; null when the user cancels. */
    Path chooseSaveFile(String suggestedName);

    /** Tells the user something went wrong (the save failed). */
    void error(String title, String message);
}
