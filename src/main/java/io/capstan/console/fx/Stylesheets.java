package io.capstan.console.fx;

/** Where the console's own stylesheet is, for the shell's scenes and for anything that draws rows off screen. */
public final class Stylesheets {

    /** The console's stylesheet (over AtlantaFX's theme; it uses the theme's looked-up colours). */
    public static final String CONSOLE = Stylesheets.class.getResource("/io/capstan/console/console.css").toExternalForm();

    private Stylesheets() {
    }
}
