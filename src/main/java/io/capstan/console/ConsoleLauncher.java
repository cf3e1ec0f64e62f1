package io.capstan.console;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/** Opens the console window and returns when it closes. */
public final class ConsoleLauncher {

    private ConsoleLauncher() {
    }

    /**
     * @param embedded  null: start the local demo agent only when no connection is saved
     * @param configDir null: the user's config folder
     */
    public static void launch(Boolean embedded, String configDir) {
        List<String> args = new ArrayList<>();
        if (embedded != null) {
            args.add("--embedded=" + embedded);
        }
        if (configDir != null) {
            args.add("--config-dir=" + configDir);
        }
        Application.launch(ConsoleApp.class, args.toArray(String[]::new));
    }
}
