package io.capstan.agent.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Line;
import io.capstan.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The lines a job's files hold, read plainly segment by segment: an oracle for the tests, independent of the
 * agent's own reader ({@link JobFiles}) and its index. A torn last line ends its segment.
 */
final class StoredLines {

    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private StoredLines() {
    }

    static void read(JobStore store, String id, Consumer<Line> sink) {
        for (Path p : store.segments(id)) {
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String s;
                while ((s = r.readLine()) != null) {
                    if (s.isBlank()) continue;
                    try {
                        sink.accept(JSON.readValue(s, Line.class));
                    } catch (IOException e) {
                        break;
                    }
                }
            } catch (NoSuchFileException e) {
                continue; // deleted by the bound while we listed
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
