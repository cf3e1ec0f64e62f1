package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirsTest {
    private final Path home = Path.of("/home/op");

    @Test
    void linuxFollowsXdgStateHome() {
        assertThat(StateDirs.base(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/op/.local/state/capstan"));
        assertThat(StateDirs.base(Map.of("XDG_STATE_HOME", "/x"), "Linux", home)).isEqualTo(Path.of("/x/capstan"));
    }

    @Test
    void macAndWindowsUseTheirOwnFolders() {
        assertThat(StateDirs.base(Map.of(), "Mac OS X", home))
                .isEqualTo(Path.of("/home/op/Library/Application Support/Capstan"));
        assertThat(StateDirs.base(Map.of("LOCALAPPDATA", "/c/Users/op/AppData/Local"), "Windows 11", home))
                .isEqualTo(Path.of("/c/Users/op/AppData/Local/Capstan"));
    }

    @Test
    void capstanHomeOverridesEverything() {
        assertThat(StateDirs.base(Map.of("CAPSTAN_HOME", "/tmp/c", "XDG_STATE_HOME", "/x"), "Linux", home))
                .isEqualTo(Path.of("/tmp/c"));
    }
}
