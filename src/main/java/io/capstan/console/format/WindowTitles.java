package io.capstan.console.format;

/**
 * The main window's title. With one agent it is "Capstan"; with more, it names the agent the window is looking at
 * ("shop · prod — Capstan"), as log tabs and log windows do ("restart shop · prod — Capstan"): a window list or
 * task bar then says which machine each window acts on (issue 12).
 */
public final class WindowTitles {
    public static final String APP = "Capstan";

    private WindowTitles() {
    }

    /**
     * @param agents     how many agents the console shows
     * @param agent      the selected agent (the selected deployment's), or null when nothing is selected
     * @param deployment the selected deployment, or null when an agent row (or nothing) is selected
     */
    public static String main(int agents, String agent, String deployment) {
        if (agents <= 1 || agent == null) {
            return APP;
        }
        return (deployment == null ? agent : deployment + " · " + agent) + " — " + APP;
    }
}
