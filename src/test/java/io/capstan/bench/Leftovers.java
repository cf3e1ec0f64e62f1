package io.capstan.bench;

import io.capstan.agent.process.ProcessRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stops the services a console or agent the benchmark ran left behind. The product stops its services on SIGTERM (the
 * console's shutdown hook closes its embedded agent) and, after a SIGKILL, at the next start over the same folder (the
 * pid files under {@code <deployment>/.capstan/}); a benchmark run has no next start, so it does here what that start
 * would do, by the same records and the same start-instant rule (a reused pid is never touched). Before this, the
 * console-start scenario killed only the processes that were its children when the marks were read: a service started
 * after them (the demo services start after the first frame) outlived the run whenever the console took longer than
 * the exit wait to stop.
 */
final class Leftovers {
    private Leftovers() {
    }

    /** Stops, with their trees, the live processes recorded in pid files anywhere under {@code folder}; returns them. */
    static List<Long> stop(Path folder) {
        List<ProcessHandle> live = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid") && f.getParent() != null
                    && ".capstan".equals(f.getParent().getFileName().toString())).forEach(f -> recorded(f).ifPresent(live::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ProcessHandle p : live) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (ProcessHandle p : live) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a leftover service (pid " + p.pid() + ") did not end", e);
            }
        }
        return live.stream().map(ProcessHandle::pid).toList();
    }

    private static Optional<ProcessHandle> recorded(Path pidFile) {
        try {
            return ProcessRecord.parse(Files.readString(pidFile, StandardCharsets.UTF_8)).live();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-written or gone: nothing recorded to stop
        }
    }
}
