package io.capstan.console.ui;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The precondition of the tests tagged {@code xserver}: a real X display (they run in a GTK window, not Monocle).
 * Without one they are skipped with the reason, except in CI, where a skip would hide that they never ran.
 */
final class XServer {

    private XServer() {
    }

    static void require() {
        String display = System.getenv("DISPLAY");
        if ("Monocle".equals(System.getProperty("glass.platform"))) {
            fail("tests tagged xserver need a real window; they run in the pom's xserver-tests execution, not on Monocle");
        }
        if (display == null || display.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("no X display in CI: .ci/run runs the build under xvfb-run with openbox");
            }
            assumeTrue(false, "no X display: run under xvfb-run with a window manager (openbox), as .ci/run does");
        }
    }
}
