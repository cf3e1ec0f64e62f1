package io.capstan.console.shell;

import io.capstan.console.fx.WindowSize;
import javafx.collections.ListChangeListener;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The main window's size and state. Every size is set on the stage explicitly: left to the window manager, openbox
 * opened the console at 200x200. The minimum is what the layout is made for (every badge and the main controls
 * visible); a screen smaller than that gets a window as large as the screen. A maximized window stays maximized when
 * a modal dialog comes and goes (openbox un-maximized it for every dialog).
 */
public final class WindowPlacement {

    public static final Dimension2D DEFAULT = new Dimension2D(1280, 800);
    public static final Dimension2D MINIMUM = new Dimension2D(1024, 700);

    private WindowPlacement() {
    }

    /**
     * The size to open at: the saved size (NaN when none) or the default, not below the minimum, and neither above
     * the screen's usable area.
     */
    public static Dimension2D size(double savedWidth, double savedHeight, Rectangle2D screen) {
        double width = Double.isNaN(savedWidth) ? DEFAULT.getWidth() : Math.max(MINIMUM.getWidth(), savedWidth);
        double height = Double.isNaN(savedHeight) ? DEFAULT.getHeight() : Math.max(MINIMUM.getHeight(), savedHeight);
        return new Dimension2D(Math.min(width, screen.getWidth()), Math.min(height, screen.getHeight()));
    }

    /** The minimum size, or the screen's usable area if that is smaller. */
    public static Dimension2D minimum(Rectangle2D screen) {
        return new Dimension2D(Math.min(MINIMUM.getWidth(), screen.getWidth()), Math.min(MINIMUM.getHeight(), screen.getHeight()));
    }

    /** Sets the stage's size, minimum and state before it is shown; {@code size} as from {@link #size}. */
    public static void apply(Stage stage, Dimension2D size, boolean maximized) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Dimension2D minimum = minimum(screen);
        stage.setMinWidth(minimum.getWidth());
        stage.setMinHeight(minimum.getHeight());
        stage.setWidth(size.getWidth());
        stage.setHeight(size.getHeight());
        if (maximized) {
            stage.setMaximized(true);
        } else {
            WindowSize.keepWhileMapping(stage, size);
        }
        keepMaximizedAcrossDialogs(stage);
    }

    /** The usable area of the primary screen. */
    public static Rectangle2D screen() {
        return Screen.getPrimary().getVisualBounds();
    }

    private static void keepMaximizedAcrossDialogs(Stage stage) {
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window added : change.getAddedSubList()) {
                    if (added instanceof Stage dialog && dialog.getOwner() == stage && dialog.getModality() != Modality.NONE) {
                        boolean wasMaximized = stage.isMaximized();
                        dialog.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, event -> {
                            if (wasMaximized) {
                                // Openbox un-maximizes the owner of a modal dialog. Maximize it again on the next
                                // pulse, once the owner takes input again: while the dialog still blocks it, the
                                // window manager ignores the request.
                                WindowSize.onNextPulse(() -> stage.setMaximized(true));
                            }
                        });
                    }
                }
            }
        });
    }
}
