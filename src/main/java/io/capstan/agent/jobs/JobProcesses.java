package io.capstan.agent.jobs;

import io.capstan.agent.OwnerOnly;
import io.capstan.agent.process.ProcessRecord;
import io.capstan.agent.process.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes a running job started and waits for (build steps, CLI commands), on disk beside its output in
 * {@code <stateDir>/jobs/<id>.procs}, one {@link ProcessRecord} a line, rewritten atomically on each change. An agent
 * killed mid-job cannot stop them; the next one reads the file and does (see {@link #stopLeftovers}). The file exists
 * only while the job has a process running. Best effort: a failed write must not fail the job.
 */
public final class JobProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(JobProcesses.class);
    private static final String SUFFIX = ".procs";

    private final Path file;
    private final Map<Long, ProcessRecord> running = new LinkedHashMap<>();
    private boolean warned;

    JobProcesses(Path jobsDir, String id) {
        this.file = jobsDir.resolve(id + SUFFIX);
    }

    synchronized void started(ProcessHandle process, String label) {
        running.put(process.pid(), ProcessRecord.of(process, label));
        write();
    }

    synchronized void ended(ProcessHandle process) {
        if (running.remove(process.pid()) != null) write();
    }

    /**
     * When the job ends: kills what is somehow still running (an action that did not stop within the cancel grace
     * leaves its process behind) and forgets the file.
     */
    synchronized void finish() {
        for (ProcessRecord r : running.values()) r.live().ifPresent(h -> ProcessTree.kill(ProcessTree.of(h)));
        running.clear();
        write();
    }

    private void write() {
        try {
            if (running.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder text = new StringBuilder();
            for (ProcessRecord r : running.values()) text.append(r.toLine()).append('\n');
            // Owner-only like every file in the jobs folder; a failed write (a full disk) leaves no temp file.
            OwnerOnly.replace(file, file.resolveSibling(file.getFileName() + ".tmp"), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (!warned) LOG.warn("cannot record the processes of a job in {}: {}", file, e.toString());
            warned = true;
        }
    }

    /**
     * For every job an agent that is gone left running in {@code stateDir} (its {@code .procs} files): stops their
     * processes as {@link #stopLeftovers} does, for the console's lifeline (docs/architecture.md, "The lifeline"). The
     * jobs themselves are ended by the next agent's start, which finds them unfinished.
     *
     * @return one line per process stopped, naming its job
     */
    public static List<String> stopAllLeftovers(Path stateDir, Duration timeout) {
        Path jobsDir = stateDir.resolve(JobStore.FOLDER);
        List<String> said = new ArrayList<>();
        if (!Files.isDirectory(jobsDir)) return said;
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(jobsDir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                for (String line : stopLeftovers(jobsDir, id, timeout)) said.add(id + ": " + line);
            }
        } catch (IOException e) {
            LOG.warn("cannot list the processes of jobs in {}: {}", jobsDir, e.toString());
        }
        return said;
    }

    /**
     * For a job an earlier agent left unfinished: stops each recorded process that is still the same process (pid and
     * start instant), with everything it started, and forgets the file. Returns one line per process stopped.
     */
    static List<String> stopLeftovers(Path jobsDir, String id, Duration timeout) {
        Path file = jobsDir.resolve(id + SUFFIX);
        List<String> said = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) return said;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                ProcessRecord r = ProcessRecord.parse(line);
                Optional<ProcessHandle> live = r.live();
                if (live.isEmpty()) continue;
                ProcessTree.stop(live.get(), timeout);
                said.add("stopped " + (r.label().isEmpty() ? "a process" : r.label()) + " (pid " + r.pid()
                        + "), left running when the agent stopped");
            }
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the processes of job {} in {}: {}", id, file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return said;
    }
}
