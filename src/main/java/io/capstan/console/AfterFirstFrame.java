package io.capstan.console;

import javafx.animation.AnimationTimer;
import javafx.scene.Scene;

/**
 * Runs start-up work on the FX thread once the window's next frame is on screen (at start-up, its first frame): at
 * the pulse after the next layout pulse. The local agent's demo services start this way after the frame that shows
 * their deployments (decision record 53). On a first start the embedded agent (Jetty, the demo copy, then the
 * demo services' JVMs) competed with the window's first frame for the same two cores; started after it, the window shows
 * at once with its "starting the local agent" placeholder (issue 12, decision record 52).
 */
final class AfterFirstFrame {

    private AfterFirstFrame() {
    }

    static void run(Scene scene, Runnable work) {
        Runnable[] firstPulse = new Runnable[1];
        firstPulse[0] = () -> {
            scene.removePostLayoutPulseListener(firstPulse[0]);
            // This pulse renders the first frame after its layout; a timer runs at the start of the next pulse.
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    work.run();
                }
            }.start();
        };
        scene.addPostLayoutPulseListener(firstPulse[0]);
    }
}
