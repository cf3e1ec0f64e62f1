package io.capstan.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small, real file system that really fills up: a tmpfs mounted on a temporary folder. Needs root (or the
 * mount capability); a test that cannot mount one is skipped with the reason.
 */
final class Tmpfs implements AutoCloseable {
    final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    static Tmpfs mount(String size) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("capstan-tmpfs");
        String why = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString());
        if (why != null) {
            Files.deleteIfExists(dir);
            Assumptions.abort("cannot mount a " + size + " tmpfs (needs root): " + why);
        }
        return new Tmpfs(dir);
    }

    /** Null when the command succeeded, else what it said. */
    private static String run(String... argv) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return argv[0] + " did not finish";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }

    /** Writes a file until the file system is full; returns it (delete it to give the space back). */
    Path fill() throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[512];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String why = run("umount", dir.toString());
        if (why != null) throw new IOException("umount " + dir + ": " + why);
        Files.deleteIfExists(dir);
    }
}
