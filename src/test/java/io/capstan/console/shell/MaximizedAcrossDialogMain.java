package io.capstan.console.shell;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The child JVM of {@link MaximizedAcrossDialogsTest}, run with GTK glass under a real window manager: the main window
 * placed by {@link WindowPlacement} and maximized, a modal dialog opened and closed over it. Prints
 * {@code maximized-before <bool>} and {@code maximized-after <bool>} (after the window manager has had its say) and
 * exits.
 */
public final class MaximizedAcrossDialogMain extends Application {

    /** A plain class with main: a class-path launch of an Application subclass fails. */
    public static final class Launcher {
        private Launcher() {
        }

        public static void main(String[] args) {
            Application.launch(MaximizedAcrossDialogMain.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(new Label("main"), 400, 300));
        WindowPlacement.apply(stage, WindowPlacement.size(Double.NaN, Double.NaN, WindowPlacement.screen()), true);
        stage.show();
        // The window manager answers asynchronously: give each step time to land, then report what it left.
        after(2, () -> {
            System.out.println("maximized-before " + stage.isMaximized());
            Stage dialog = new Stage();
            dialog.initOwner(stage);
            dialog.initModality(Modality.WINDOW_MODAL);
            dialog.setScene(new Scene(new Label("dialog"), 200, 100));
            dialog.show();
            after(2, () -> {
                dialog.hide();
                after(3, () -> {
                    System.out.println("maximized-after " + stage.isMaximized());
                    System.out.flush();
                    Platform.exit();
                });
            });
        });
    }

    private static void after(double seconds, Runnable step) {
        PauseTransition pause = new PauseTransition(Duration.seconds(seconds));
        pause.setOnFinished(event -> step.run());
        pause.play();
    }
}
