package io.capstan.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers a running service's process in {@code <deployment>/.capstan/<service>.pid} so that an agent killed
 * without a chance to stop its services (SIGKILL, power loss of the agent alone) does not leave them running
 * unseen: the next agent finds them and stops them before it starts anything, so a service never runs twice.
 * The process's start instant is recorded with its pid, so a pid the OS has since reused is never touched.
 * Best effort: a folder that cannot be written must not stop a service from starting.
 */
final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private final Path file;

    PidFile(Path deploymentFolder, String service) {
        this.file = deploymentFolder.resolve(".capstan").resolve(service + ".pid");
    }

    void record(ProcessHandle process) {
        try {
            // Never createDirectories: a deployment folder removed meanwhile must not be brought back by its pid file.
            if (!Files.isDirectory(file.getParent())) Files.createDirectory(file.getParent());
            Files.writeString(file, ProcessRecord.of(process, "").toLine() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot record pid in {}: {}", file, e.toString());
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
        }
    }

    /** The process an earlier agent recorded, if it is still the same process and still alive. */
    Optional<ProcessHandle> leftover() {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            return ProcessRecord.parse(Files.readString(file, StandardCharsets.UTF_8)).live();
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
