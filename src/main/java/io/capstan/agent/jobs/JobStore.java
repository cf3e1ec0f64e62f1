package io.capstan.agent.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.ProtocolJson;
import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job history on disk: {@code <stateDir>/jobs/<id>.json} holds the job's metadata (replaced atomically) and the
 * job's output is in segment files written by {@link JobOutput}: {@code <id>.log.jsonl}, then
 * {@code <id>.log.<first seq>.jsonl}, one {@link Line} as JSON per line. The folder is private to the agent's user
 * ({@code rwx------}, files {@code rw-------}).
 */
public final class JobStore {
    /** The folder in the agent's state folder that holds the jobs. */
    static final String FOLDER = "jobs";
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    private static final int BLOCK = 4096;

    private final Path dir;
    private final ObjectMapper json = ProtocolJson.mapper();
    /** Records that could not be written (a full disk), retried whenever a later one is written. */
    private final Map<String, Job> unsaved = new ConcurrentHashMap<>();

    public JobStore(Path stateDir) {
        this.dir = stateDir.resolve(FOLDER);
        OwnerOnly.folder(dir);
        OwnerOnly.filesIn(dir);
        removeTemporaryFiles();
    }

    /** Temporary records left by an agent that was killed, or that a full disk stopped half-way. */
    private void removeTemporaryFiles() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : ds) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not remove temporary files in {}: {}", dir, e.toString());
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes the job's record: a new file moved over the old one, so a reader never sees half of it. When that
     * fails (a full disk) and the old record is there, it is overwritten in place if the new one fits in the blocks
     * the old one already has, so a job's end is recorded even on a full disk. When that fails too, the record is
     * kept to be written with the next one that succeeds, and the failure is thrown.
     */
    public void saveMeta(Job job) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            replace(job.id(), bytes);
        } catch (IOException e) {
            if (!overwriteInPlace(job.id(), bytes)) {
                unsaved.put(job.id(), job);
                throw new UncheckedIOException(e);
            }
        }
        unsaved.remove(job.id());
        retryUnsaved();
    }

    private void replace(String id, byte[] bytes) throws IOException {
        OwnerOnly.replace(dir.resolve(id + ".json"), dir.resolve(id + ".json.tmp"), bytes);
    }

    private boolean overwriteInPlace(String id, byte[] bytes) {
        Path target = dir.resolve(id + ".json");
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            long old = ch.size();
            if (old == 0 || blocks(bytes.length) > blocks(old)) return false;
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long at = 0;
            while (b.hasRemaining()) at += ch.write(b, at);
            ch.truncate(bytes.length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long blocks(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK;
    }

    private void retryUnsaved() {
        for (Job j : unsaved.values()) {
            try {
                replace(j.id(), json.writeValueAsBytes(j));
                unsaved.remove(j.id(), j);
                LOG.info("job {}: its record is written now ({})", j.id(), io.capstan.protocol.WireNames.of(j.status()));
            } catch (IOException e) {
                return; // still no space: the next successful write tries again
            }
        }
    }

    /** Records not written yet (a full disk); tries them once more. */
    public int writeUnsaved() {
        retryUnsaved();
        return unsaved.size();
    }

    public List<Job> loadAll() {
        List<Job> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "j-*.json")) {
            for (Path p : ds) {
                try {
                    out.add(json.readValue(p.toFile(), Job.class));
                } catch (IOException e) {
                    // A damaged record is skipped; its output file stays for an operator to inspect.
                    continue;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A writer for the job's output; nothing is created before the first line. */
    JobOutput openLog(String id, long limit, int headLines) {
        return openLog(id, limit, headLines, new JobFiles(id));
    }

    /** A writer for the job's output that keeps {@code files} (what readers read) up to date. */
    JobOutput openLog(String id, long limit, int headLines, JobFiles files) {
        return new JobOutput(dir, id, limit, headLines, files, OwnerOnly::append);
    }

    /** The job's output files as they are on disk now, for reading (each indexed when first read). */
    JobFiles files(String id) {
        return JobFiles.found(id, segmentsBySeq(id));
    }

    /** The job's output files ordered by the seq of their first line. */
    List<Path> segments(String id) {
        return new ArrayList<>(segmentsBySeq(id).values());
    }

    /** The job's output files by the seq of their first line. */
    private TreeMap<Long, Path> segmentsBySeq(String id) {
        TreeMap<Long, Path> out = new TreeMap<>();
        String prefix = id + ".log.";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, id + ".log*.jsonl")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String middle = name.substring(prefix.length() - 1, name.length() - ".jsonl".length());
                if (middle.isEmpty()) {
                    out.put(1L, p);
                } else {
                    try {
                        out.put(Long.parseLong(middle.substring(1)), p);
                    } catch (NumberFormatException | IndexOutOfBoundsException e) {
                        continue; // not ours
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public void delete(String id) {
        try {
            unsaved.remove(id);
            Files.deleteIfExists(dir.resolve(id + ".json"));
            for (Path p : segments(id)) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
