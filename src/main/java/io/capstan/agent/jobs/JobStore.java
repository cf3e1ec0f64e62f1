package io.capstan.agent.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Job history on disk: {@code <stateDir>/jobs/<id>.json} holds the job's metadata (replaced atomically) and
 * {@code <stateDir>/jobs/<id>.log.jsonl} its output, one {@link Line} as JSON per line.
 */
public final class JobStore {
    private final Path dir;
    private final ObjectMapper json = ProtocolJson.mapper();

    public JobStore(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public void saveMeta(Job job) {
        Path target = dir.resolve(job.id() + ".json");
        Path tmp = dir.resolve(job.id() + ".json.tmp");
        try {
            Files.write(tmp, json.writeValueAsBytes(job));
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Opens the output file for appending. */
    public LogWriter openLog(String id) {
        try {
            return new LogWriter(Files.newBufferedWriter(dir.resolve(id + ".log.jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads back a job's output; a torn last line (agent killed mid-write) is ignored. */
    public void readLog(String id, Consumer<Line> sink) {
        Path p = dir.resolve(id + ".log.jsonl");
        if (!Files.exists(p)) return;
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String s;
            while ((s = r.readLine()) != null) {
                if (s.isBlank()) continue;
                try {
                    sink.accept(json.readValue(s, Line.class));
                } catch (IOException e) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Files.deleteIfExists(dir.resolve(id + ".log.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends lines and flushes each one before it is published. */
    public final class LogWriter implements AutoCloseable {
        private final BufferedWriter out;

        private LogWriter(BufferedWriter out) {
            this.out = out;
        }

        public void write(Line line) {
            try {
                out.write(json.writeValueAsString(line));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
