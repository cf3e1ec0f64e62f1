package io.capstan.console.logs;

import io.capstan.console.common.Dialogs;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The desktop behind a pane: the system clipboard, a save dialog over the pane's own window, the console's dialogs. */
public final class FxLogPaneEffects implements LogPaneEffects {

    private final Supplier<Window> window;
    private final Dialogs dialogs;

    public FxLogPaneEffects(Supplier<Window> window, Dialogs dialogs) {
        this.window = window;
        this.dialogs = dialogs;
    }

    @Override
    public void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public Path chooseSaveFile(String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save log");
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Log files", "*.log", "*.txt"));
        File file = chooser.showSaveDialog(window.get());
        return file == null ? null : file.toPath();
    }

    @Override
    public void error(String title, String message) {
        dialogs.error(title, message);
    }
}
