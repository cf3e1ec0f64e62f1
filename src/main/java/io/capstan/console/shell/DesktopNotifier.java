package io.capstan.console.shell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktop notifications without a native library: {@code notify-send} (libnotify) where it is installed, which
 * covers the Linux desktops; elsewhere nothing is shown (the jobs table and the window title still say it).
 * The text goes as argv entries, never through a shell.
 */
public final class DesktopNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);

    private final Optional<Path> notifySend = onPath("notify-send");

    @Override
    public void notify(String title, String body) {
        if (notifySend.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder(List.of(notifySend.get().toString(), "--app-name=Capstan", title, body))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.debug("notify-send failed", e);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
