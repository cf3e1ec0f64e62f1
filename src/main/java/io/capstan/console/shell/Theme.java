package io.capstan.console.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * Light and dark, from AtlantaFX's Primer themes, plus the console's own stylesheet, which uses the theme's
 * looked-up colours so it needs no dark variant of its own.
 */
public enum Theme {
    LIGHT, DARK;

    static final String STYLESHEET = io.capstan.console.fx.Stylesheets.CONSOLE;

    /** Sets the theme for every window of the application. */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds the console's stylesheet to a scene (main window or a detached log window). */
    public static void style(Scene scene) {
        if (!scene.getStylesheets().contains(STYLESHEET)) {
            scene.getStylesheets().add(STYLESHEET);
        }
    }

    public static Theme parse(String text) {
        return "dark".equalsIgnoreCase(text) ? DARK : LIGHT;
    }
}
