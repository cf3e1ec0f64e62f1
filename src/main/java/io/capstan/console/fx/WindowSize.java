package io.capstan.console.fx;

import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.event.EventHandler;
import javafx.geometry.Dimension2D;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import javafx.util.Duration;

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
     * a new JavaFX window at 200x200 (at the minimum size when one is set), after the window had taken the size asked
     * for: JavaFX reports 1280, then 200, then its own retry, then 200 again. A request made once the window is
     * mapped is honoured. Only a shrink to such a mapping size is undone, a few times at most, and only until the
     * window has held its size for {@link SizeKeeper#QUIET} after it was shown: any other size is the user's (a frame
     * drag, under metacity or with no window manager, where nothing shrinks the window) or a window manager's that
     * insists (a tiling one), and neither is fought.
     */
    public static void keepWhileMapping(Stage stage, Dimension2D size) {
        new SizeKeeper(stage, size).watch();
    }

    /**
     * Asks for the size again while the window manager maps the window; gone at the user's first touch, at any size
     * the window manager does not map at, or once the window has held its size for a while.
     */
    private static final class SizeKeeper implements InvalidationListener, EventHandler<InputEvent> {
        /**
         * How long the window must hold its size, once shown, before the keeper lets go. Openbox's late shrink came
         * within a second; a user's resize to exactly a mapping size (the minimum) after this is theirs.
         */
        static final Duration QUIET = Duration.seconds(2);
        /**
         * Openbox's size for a new window, frame included: 200x200 inside a frame of 2 and 25 px here; the allowance
         * covers larger title bars. Far below the smallest window a user can make of the console's.
         */
        private static final double MAPPING_SIZE = 200 + 64;

        private final Stage stage;
        private final Dimension2D size;
        private final PauseTransition quiet = new PauseTransition(QUIET);
        private final InvalidationListener shown = observable -> restartQuiet();
        private int asked;

        SizeKeeper(Stage stage, Dimension2D size) {
            this.stage = stage;
            this.size = size;
        }

        void watch() {
            quiet.setOnFinished(event -> stop());
            stage.widthProperty().addListener(this);
            stage.heightProperty().addListener(this);
            stage.showingProperty().addListener(shown);
            stage.addEventFilter(MouseEvent.MOUSE_PRESSED, this);
            stage.addEventFilter(KeyEvent.KEY_PRESSED, this);
            restartQuiet();
        }

        private void restartQuiet() {
            if (stage.isShowing()) {
                quiet.playFromStart();
            }
        }

        @Override
        public void invalidated(Observable observable) {
            if (!stage.isShowing() || stage.isMaximized() || stage.isFullScreen()) {
                return;
            }
            double width = stage.getWidth();
            double height = stage.getHeight();
            boolean shrunk = width < size.getWidth() - 1 || height < size.getHeight() - 1;
            if (shrunk && !(mappingSize(width, size.getWidth(), stage.getMinWidth())
                    && mappingSize(height, size.getHeight(), stage.getMinHeight()))) {
                stop(); // not what a window manager maps at: the user's size (or an insisting window manager's)
            } else if (shrunk && asked < MAPPING_RETRIES) {
                asked++;
                restartQuiet();
                // On the next pulse: within this callback the window manager's size is still being applied.
                onNextPulse(() -> {
                    stage.setWidth(size.getWidth());
                    stage.setHeight(size.getHeight());
                });
            } else if (!shrunk && asked > 0) {
                stop();
            } else {
                restartQuiet();
            }
        }

        /**
         * Whether one side is where a window manager's mapping leaves it: as asked (the other side changed, or not
         * yet) or larger (a frame), or at or below openbox's mapping size or the window's minimum, whichever is
         * larger.
         */
        private static boolean mappingSize(double side, double asked, double minimum) {
            return side >= asked - 1 || side <= Math.max(MAPPING_SIZE, minimum) + 1;
        }

        /** The user touched the window: from now on its size is theirs. */
        @Override
        public void handle(InputEvent event) {
            stop();
        }

        private void stop() {
            quiet.stop();
            stage.widthProperty().removeListener(this);
            stage.heightProperty().removeListener(this);
            stage.showingProperty().removeListener(shown);
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
