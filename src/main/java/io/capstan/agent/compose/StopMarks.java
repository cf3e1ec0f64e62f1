package io.capstan.agent.compose;

import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers that were stopped on purpose (by a stop job, or a kill seen on the engine's event stream) and
 * not started since. The engine does not record why a container exited, and an exit code does not tell (a
 * program stopped by SIGTERM may end 0, 143 or anything), so without this a project the agent stopped would
 * read as crashed after an agent restart. Kept in {@code <deployment>/.capstan/compose-stopped}, one id a line,
 * beside the process backend's pid files; forgotten ids are pruned as their containers disappear.
 */
final class StopMarks {
    private static final Logger LOG = LoggerFactory.getLogger(StopMarks.class);

    private final Path file;
    private final Set<String> ids = new LinkedHashSet<>();

    StopMarks(Path folder) {
        this.file = folder.resolve(".capstan").resolve("compose-stopped");
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) ids.add(line.strip());
            }
        } catch (NoSuchFileException e) {
            // Nothing stopped yet.
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
    }

    synchronized Set<String> snapshot() {
        return Set.copyOf(ids);
    }

    synchronized void add(String id) {
        if (ids.add(id)) save();
    }

    synchronized void remove(String id) {
        if (ids.remove(id)) save();
    }

    /** Forgets ids of containers that no longer exist. */
    synchronized void retain(Collection<String> existing) {
        if (ids.retainAll(existing)) save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            // Owner-only like the agent's other state; a failed write (a full disk) leaves no temp file behind.
            StringBuilder text = new StringBuilder();
            for (String id : ids) text.append(id).append('\n');
            OwnerOnly.replace(file, file.resolveSibling(file.getFileName() + ".tmp"), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}; stopped containers may read as exited after an agent restart", file, e.toString());
        }
    }
}
