package io.capstan.console.ui;

import static io.capstan.console.ui.ConsoleHarness.WAIT;
import static io.capstan.console.ui.ConsoleHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.console.shell.WindowPlacement;
import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resize from outside the console, as a user's drag of the window frame is (the window manager, or with none the X
 * server, tells the window its new size; no click or key reaches the window), is never undone by the size keeper
 * that guards a new window against openbox's 200x200 mapping (issue 12). Under metacity or with no window manager
 * nothing shrinks the window, and the keeper once stayed armed and put the user's size back. Run it under openbox,
 * metacity and no window manager; xdotool does the resize.
 */
@Tag("xserver")
class XServerUserResizeTest {

    /** How long a size must hold once reached: the window manager's late shrink came within a second here. */
    private static final Duration SETTLED = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private ConsoleHarness harness;
    private String window;

    @BeforeAll
    static void needsX() {
        XServer.require();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aResizeFromOutsideRightAfterTheWindowTookItsSizeStaysTheUsers() throws Exception {
        openAtTheDefaultSize();
        // At once, while the keeper still watches for a window manager's shrink: 1100x760 is no size one maps at.
        resizeFromOutside(1100, 760);

        await().atMost(WAIT).during(SETTLED).until(() -> windowIs(1100, 760));
    }

    @Test
    void aResizeFromOutsideToTheMinimumOnceTheWindowHasSettledStaysTheUsers() throws Exception {
        openAtTheDefaultSize();
        await().atMost(WAIT).during(SETTLED).until(this::atTheDefaultSize);
        // The minimum is the size openbox shrinks a new window to; after the window has settled it is the user's.
        resizeFromOutside((int) WindowPlacement.MINIMUM.getWidth(), (int) WindowPlacement.MINIMUM.getHeight());

        await().atMost(WAIT).during(SETTLED).until(() -> windowIs(WindowPlacement.MINIMUM.getWidth(), WindowPlacement.MINIMUM.getHeight()));
    }

    @Test
    void aSecondResizeFromOutsideStaysTheUsersToo() throws Exception {
        openAtTheDefaultSize();
        resizeFromOutside(1200, 780);
        await().atMost(WAIT).until(() -> windowIs(1200, 780));
        resizeFromOutside(1040, 720);

        await().atMost(WAIT).during(SETTLED).until(() -> windowIs(1040, 720));
    }

    private void openAtTheDefaultSize() throws Exception {
        harness = new ConsoleHarness(RealAgent.in(tmp).deployment("app", ConsoleWindowTest.APP).start(), tmp, null, "", true);
        await().atMost(WAIT).until(this::atTheDefaultSize);
        String title = fx(() -> harness.stage.getTitle());
        await().atMost(WAIT).until(() -> (window = windowTitled(title)) != null);
    }

    /** This JVM's visible X window with that title (the stage's title is the console's own). */
    private static String windowTitled(String title) throws Exception {
        for (String id : xdotool("search", "--onlyvisible", "--pid", Long.toString(ProcessHandle.current().pid()))) {
            if (xdotoolOutput("getwindowname", id).strip().equals(title)) {
                return id;
            }
        }
        return null;
    }

    /** The window's content area, as a frame drag sets it: xdotool asks the X server (through the window manager). */
    private void resizeFromOutside(int width, int height) throws Exception {
        xdotool("windowsize", window, Integer.toString(width), Integer.toString(height));
    }

    /**
     * Shown at the default size. The first window a JVM opens under openbox ends up that size plus its frame (1282x825):
     * the frame's size is not known yet when the size is asked for.
     */
    private boolean atTheDefaultSize() {
        return fx(() -> harness.stage.isShowing() && harness.stage.getWidth() >= WindowPlacement.DEFAULT.getWidth()
                && harness.stage.getHeight() >= WindowPlacement.DEFAULT.getHeight());
    }

    private boolean windowIs(double width, double height) {
        return fx(() -> Math.abs(harness.stage.getScene().getWidth() - width) <= 1
                && Math.abs(harness.stage.getScene().getHeight() - height) <= 1);
    }

    /** Runs xdotool (no shell); a search's window ids, none for other commands, which must succeed. */
    private static List<String> xdotool(String... args) throws IOException, InterruptedException {
        String output = xdotoolOutput(args);
        return args[0].equals("search") ? output.lines().filter(line -> line.matches("\\d+")).toList() : List.of();
    }

    private static String xdotoolOutput(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("xdotool finished").isTrue();
        // A search that finds nothing exits 1.
        if (!args[0].equals("search")) {
            assertThat(process.exitValue()).as("xdotool " + String.join(" ", args) + ": " + output).isZero();
        }
        return output;
    }
}
