package io.capstan.bench;

import io.capstan.console.StartupMarks;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * Scenario 7's baseline: the smallest JavaFX window, the same size as the console's, with the console's start-up
 * marks ({@code first-frame}, then {@code interactive} on the next pulse), printed by the console's own code with the
 * same CPU and class figures. What any JavaFX program pays before its
 * first frame on this machine. Launched through {@link Launcher} (an {@code Application} cannot be the main class on a
 * class path).
 */
public final class EmptyFxApp extends Application {

    @Override
    public void start(Stage stage) {
        Scene scene = new Scene(new StackPane(new Label("empty")), 1280, 800);
        Runnable[] pulse = new Runnable[1];
        pulse[0] = () -> {
            scene.removePostLayoutPulseListener(pulse[0]);
            StartupMarks.print("first-frame");
            StartupMarks.print("deployments-frame");
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    StartupMarks.print("interactive");
                }
            }.start();
        };
        scene.addPostLayoutPulseListener(pulse[0]);
        stage.setScene(scene);
        stage.show();
    }

    /** The class path entry point. */
    public static final class Launcher {
        private Launcher() {
        }

        public static void main(String[] args) {
            Application.launch(EmptyFxApp.class, args);
        }
    }
}
