package io.capstan.bench;

import io.capstan.console.logs.LogPaneEffects;
import java.nio.file.Path;

/** A log pane's desktop seam for the benchmark: nothing is copied, saved or shown. */
final class NoLogPaneEffects implements LogPaneEffects {

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
