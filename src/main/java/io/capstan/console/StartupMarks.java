package io.capstan.console;

import io.capstan.console.deployments.DeploymentsViewModel;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;

/**
 * Start-up marks for the benchmark (docs/performance.md, scenario 7). Only with {@code -Dcapstan.startupMarks=true}:
 * the console then prints {@code capstan-mark first-frame}, {@code capstan-mark deployments-frame} and
 * {@code capstan-mark interactive} on stdout, and the benchmark times them from the process start. Without the
 * property nothing is installed.
 *
 * <ul>
 *   <li>first-frame: the first pulse of the shown window, after layout (it is rendered in that pulse);</li>
 *   <li>deployments-frame: the first pulse whose layout includes at least one deployment in the tree;</li>
 *   <li>interactive: the next pulse after that one: the frame is on screen and the FX thread is back, free to take
 *       input.</li>
 * </ul>
 */
final class StartupMarks {
    static final String PROPERTY = "capstan.startupMarks";

    private StartupMarks() {
    }

    static void install(Scene scene, DeploymentsViewModel deployments) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        Runnable[] pulse = new Runnable[1];
        boolean[] first = {true};
        pulse[0] = () -> {
            if (first[0]) {
                first[0] = false;
                mark("first-frame");
            }
            if (deployments.treeProperty().get().stream().anyMatch(tree -> !tree.deployments().isEmpty())) {
                mark("deployments-frame");
                scene.removePostLayoutPulseListener(pulse[0]);
                // An animation timer asks for one more pulse even if nothing else is dirty.
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        mark("interactive");
                    }
                }.start();
            }
        };
        scene.addPostLayoutPulseListener(pulse[0]);
    }

    private static void mark(String name) {
        System.out.println("capstan-mark " + name);
        System.out.flush();
    }
}
