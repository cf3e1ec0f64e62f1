package io.capstan.console.shell;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
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
    private static final int MAPPING_RETRIES = 3;

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
            keepSizeWhileMapping(stage, size);
        }
        keepMaximizedAcrossDialogs(stage);
    }

    /** The usable area of the primary screen. */
    public static Rectangle2D screen() {
        return Screen.getPrimary().getVisualBounds();
    }

    /**
     * Asks again for {@code size} when the window manager shrinks the window while it is being mapped. Openbox maps
     * a new JavaFX window at 200x200 (the minimum size when one is set), after the window had taken the size asked
     * for: JavaFX reports 1280, then 200, then its own retry, then 200 again. A request made once the window is
     * mapped is honoured. Only before the user touches the window, and a few times at most, so neither a user's
     * resize nor a window manager that insists (a tiling one) is fought.
     */
    private static void keepSizeWhileMapping(Stage stage, Dimension2D size) {
        new SizeKeeper(stage, size).watch();
    }

    /** Asks for the size again while the window manager maps the window; gone at the user's first touch. */
    private static final class SizeKeeper implements InvalidationListener, EventHandler<InputEvent> {
        private final Stage stage;
        private final Dimension2D size;
        private int asked;

        SizeKeeper(Stage stage, Dimension2D size) {
            this.stage = stage;
            this.size = size;
        }

        void watch() {
            stage.widthProperty().addListener(this);
            stage.heightProperty().addListener(this);
            stage.addEventFilter(MouseEvent.MOUSE_PRESSED, this);
            stage.addEventFilter(KeyEvent.KEY_PRESSED, this);
        }

        @Override
        public void invalidated(Observable observable) {
            if (!stage.isShowing() || stage.isMaximized() || stage.isFullScreen()) {
                return;
            }
            boolean shrunk = stage.getWidth() < size.getWidth() - 1 || stage.getHeight() < size.getHeight() - 1;
            if (shrunk && asked < MAPPING_RETRIES) {
                asked++;
                // On the next pulse: within this callback the window manager's size is still being applied.
                onNextPulse(() -> {
                    stage.setWidth(size.getWidth());
                    stage.setHeight(size.getHeight());
                });
            } else if (!shrunk && asked > 0) {
                stop();
            }
        }

        /** The user touched the window: from now on its size is theirs. */
        @Override
        public void handle(InputEvent event) {
            stop();
        }

        private void stop() {
            stage.widthProperty().removeListener(this);
            stage.heightProperty().removeListener(this);
            stage.removeEventFilter(MouseEvent.MOUSE_PRESSED, this);
            stage.removeEventFilter(KeyEvent.KEY_PRESSED, this);
        }
    }

    private static void onNextPulse(Runnable work) {
        new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                work.run();
            }
        }.start();
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
                                onNextPulse(() -> stage.setMaximized(true));
                            }
                        });
                    }
                }
            }
        });
    }
}
