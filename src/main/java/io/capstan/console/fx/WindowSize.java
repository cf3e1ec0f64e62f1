package io.capstan.console.fx;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.event.EventHandler;
import javafx.geometry.Dimension2D;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

/**
 * A new window keeps the size it asked for while the window manager maps it: openbox shrank the main window, and
 * then the first detached log window too, to 200x200 (issue 12). Every window the console opens at a chosen size uses
 * it: the main window, detached log windows, service detail windows.
 */
public final class WindowSize {
    private static final int MAPPING_RETRIES = 3;

    private WindowSize() {
    }

    /**
     * Asks again for {@code size} when the window manager shrinks the window while it is being mapped. Openbox maps
     * a new JavaFX window at 200x200 (the minimum size when one is set), after the window had taken the size asked
     * for: JavaFX reports 1280, then 200, then its own retry, then 200 again. A request made once the window is
     * mapped is honoured. Only before the user touches the window, and a few times at most, so neither a user's
     * resize nor a window manager that insists (a tiling one) is fought.
     */
    public static void keepWhileMapping(Stage stage, Dimension2D size) {
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

    /** Runs {@code work} on the next pulse (from the FX thread). */
    public static void onNextPulse(Runnable work) {
        new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                work.run();
            }
        }.start();
    }

}
