package io.capstan.console;

import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application. Started through {@link ConsoleLauncher}, never directly: a classpath launch of an
 * {@code Application} subclass fails with "JavaFX runtime components are missing".
 */
public final class ConsoleApp extends Application {

    private Console console;

    @Override
    public void start(Stage stage) {
        StartupMarks.step("toolkit-started");
        Map<String, String> named = getParameters().getNamed();
        Console.Options defaults = Console.Options.defaults();
        Boolean embedded = named.containsKey("embedded") ? Boolean.valueOf(named.get("embedded")) : null;
        Path configDir = named.containsKey("config-dir") ? Path.of(named.get("config-dir")) : defaults.configDir();
        console = new Console(new Console.Options(configDir, embedded, null, null, null));
        console.show(stage);
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
    }
}
