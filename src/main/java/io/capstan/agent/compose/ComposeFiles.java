package io.capstan.agent.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Compose file of a deployment folder, by the names Compose looks for, in its order of preference, and the
 * override file that Compose would add on its own. The agent always passes them with {@code -f}, so what it
 * runs does not depend on its working directory or on which names one Compose generation knows.
 */
final class ComposeFiles {
    static final List<String> NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

    private ComposeFiles() {
    }

    static Optional<Path> main(Path folder) {
        for (String n : NAMES) {
            Path p = folder.resolve(n);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The main file, then its override ({@code compose.override.yaml} beside {@code compose.yaml}...) if present. */
    static List<Path> all(Path folder) {
        List<Path> files = new ArrayList<>();
        main(folder).ifPresent(m -> {
            files.add(m);
            String name = m.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path override = folder.resolve(name.substring(0, dot) + ".override" + name.substring(dot));
            if (Files.isRegularFile(override)) files.add(override);
        });
        return files;
    }
}
