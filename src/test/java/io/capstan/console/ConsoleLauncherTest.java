package io.capstan.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JavaFX unpacks its natives into the platform's cache folder, not into ~/.openjfx or the installation folder. */
class ConsoleLauncherTest {
    private final Path home = Path.of("/home/op");

    @Test
    void linuxFollowsXdgCacheHome() {
        assertThat(ConsoleLauncher.javafxCacheDir(Map.of(), "Linux", home))
                .isEqualTo(Path.of("/home/op/.cache/capstan/openjfx"));
        assertThat(ConsoleLauncher.javafxCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "Linux", home))
                .isEqualTo(Path.of("/x/capstan/openjfx"));
    }

    @Test
    void macAndWindowsUseTheirOwnFolders() {
        assertThat(ConsoleLauncher.javafxCacheDir(Map.of(), "Mac OS X", home))
                .isEqualTo(Path.of("/home/op/Library/Caches/Capstan/openjfx"));
        assertThat(ConsoleLauncher.javafxCacheDir(Map.of("LOCALAPPDATA", "/c/Users/op/AppData/Local"), "Windows 11", home))
                .isEqualTo(Path.of("/c/Users/op/AppData/Local/Capstan/cache/openjfx"));
    }

    @Test
    void capstanHomeOverridesEverything() {
        assertThat(ConsoleLauncher.javafxCacheDir(Map.of("CAPSTAN_HOME", "/tmp/c", "XDG_CACHE_HOME", "/x"), "Linux", home))
                .isEqualTo(Path.of("/tmp/c/cache/openjfx"));
    }
}
