package io.capstan.agent.state;

import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines for services' logs written while no agent ran: the console's lifeline stops the services a killed console left
 * running, and what it says of each ("stopped the leftover web (pid 4242)") belongs in that service's log, which lived
 * in the dead console's memory. The lifeline appends them to {@code <state>/lines-while-away.tsv}; the next agent on
 * the state folder takes them into the services' logs at its start and deletes the file, so the operator who opens
 * web's log sees why it stopped (decision record 169).
 *
 * <p>A line is {@code <ms since epoch> TAB <deployment> TAB <service> TAB <text>}; names are validated and the texts
 * are the agent's own, so none holds a tab or a line break (they are replaced by spaces all the same).
 */
public final class LinesWhileAway {
    /** The file in the state folder. */
    public static final String FILE = "lines-while-away.tsv";
    /** Lines taken at most: the newest, should something have written far too many. */
    static final int MAX = 1_000;

    /** One line for a service's log, with when it was said. */
    public record Said(Instant at, String deployment, String service, String text) {
    }

    private LinesWhileAway() {
    }

    /** Appends {@code said} to the state folder's file (owner-only); holds the folder's lock, as the lifeline does. */
    public static void append(Path stateDir, Said said) throws IOException {
        String line = said.at().toEpochMilli() + "\t" + clean(said.deployment()) + "\t" + clean(said.service()) + "\t"
                + clean(said.text()) + "\n";
        try (FileChannel out = OwnerOnly.append(stateDir.resolve(FILE))) {
            OwnerOnly.writeFully(out, line.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The lines written since the last take, oldest first (at most the newest {@value #MAX}), and the file deleted;
     * unreadable lines (a cut last line) are skipped. Call holding the state folder's lock.
     */
    public static List<Said> takeAll(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Said> said = new ArrayList<>();
        for (String line : lines.subList(Math.max(0, lines.size() - MAX), lines.size())) {
            String[] f = line.split("\t", 4);
            if (f.length != 4 || f[1].isEmpty() || f[2].isEmpty()) continue;
            try {
                said.add(new Said(Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], f[2], f[3]));
            } catch (NumberFormatException e) {
                // a line cut by a crash: skipped
            }
        }
        Files.delete(file);
        return said;
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
