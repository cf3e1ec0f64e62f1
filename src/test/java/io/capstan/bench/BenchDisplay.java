package io.capstan.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a child JVM's windows go (scenario 7, and any scenario that measures frames): the desktop's display if
 * {@code DISPLAY} is set, else an Xvfb of its own if installed ({@code -displayfd} picks a free number), else Monocle
 * headless. Give the child {@link #env()} and {@link #jvmArgs()}; close to stop the Xvfb.
 */
final class BenchDisplay implements AutoCloseable {
    private static final List<String> MONOCLE = List.of("-Dtestfx.robot=glass", "-Dprism.order=sw", "-Dglass.platform=Monocle",
            "-Dmonocle.platform=Headless", "-Djava.awt.headless=true");

    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final String description;
    private final Process xvfb;

    private BenchDisplay(Map<String, String> env, List<String> jvmArgs, String description, Process xvfb) {
        this.env = env;
        this.jvmArgs = jvmArgs;
        this.description = description;
        this.xvfb = xvfb;
    }

    /** @param headless Monocle whatever is available (the smoke test: no display server needed) */
    static BenchDisplay open(boolean headless) throws IOException {
        String display = System.getenv("DISPLAY");
        if (!headless && display != null && !display.isBlank()) {
            return new BenchDisplay(Map.of("DISPLAY", display), List.of(), "the desktop's display " + display, null);
        }
        if (!headless && onPath("Xvfb")) {
            Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String n = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (n != null && !n.isBlank()) {
                String name = ":" + n.trim();
                return new BenchDisplay(Map.of("DISPLAY", name), List.of(), "Xvfb " + name + " (GTK, software rendering)", x);
            }
            x.destroyForcibly();
        }
        return new BenchDisplay(Map.of(), MONOCLE, "Monocle headless (no display)", null);
    }

    Map<String, String> env() {
        return env;
    }

    List<String> jvmArgs() {
        return jvmArgs;
    }

    String description() {
        return description;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (xvfb != null) xvfb.destroyForcibly();
    }
}
