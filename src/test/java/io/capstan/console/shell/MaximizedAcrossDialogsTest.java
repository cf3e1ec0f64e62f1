package io.capstan.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under openbox a modal dialog un-maximized the main window for good (issue 12). Monocle has no window manager, so
 * this runs a real one: an Xvfb of its own, openbox on it, and a child JVM with GTK glass
 * ({@link MaximizedAcrossDialogMain}). Skipped, with the reason, where Xvfb or openbox is not installed.
 */
class MaximizedAcrossDialogsTest {
    @TempDir
    Path tmp;

    @Test
    void aMaximizedWindowIsMaximizedAgainAfterAModalDialogUnderOpenbox() throws Exception {
        Assumptions.assumeTrue(onPath("Xvfb") && onPath("openbox"), "needs Xvfb and openbox (a real window manager)");
        Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process openbox = null;
        Process child = null;
        try {
            String display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine().strip();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPLAY", display);
            env.put("HOME", tmp.toString());
            ProcessBuilder wm = new ProcessBuilder("openbox").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("openbox.log").toFile());
            wm.environment().putAll(env);
            openbox = wm.start();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                    MaximizedAcrossDialogMain.Launcher.class.getName()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("child.err").toFile());
            pb.environment().putAll(env);
            child = pb.start();
            Map<String, String> said = new HashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 2 && parts[0].startsWith("maximized-")) said.put(parts[0], parts[1]);
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(tmp.resolve("child.err"));
            assertThat(said).as("the child's report (stderr: %s)", err).containsEntry("maximized-before", "true")
                    .containsEntry("maximized-after", "true");
        } finally {
            if (child != null) child.destroyForcibly();
            if (openbox != null) openbox.destroy();
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
