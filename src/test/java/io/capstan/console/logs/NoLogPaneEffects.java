package io.capstan.console.logs;

import java.nio.file.Path;

/** A log pane's desktop seam for the benchmark and the pane model's measurements: nothing is copied, saved or shown. */
public final class NoLogPaneEffects implements LogPaneEffects {

    @Override
    public void copyToClipboard(String text) {
    }

    @Override
    public Path chooseSaveFile(String suggestedName) {
        return null;
    }

    @Override
    public void error(String title, String message) {
    }
}
