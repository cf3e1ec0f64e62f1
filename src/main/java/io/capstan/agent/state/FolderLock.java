package io.capstan.agent.state;

import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.Set;

/**
 * An operating-system lock that makes one agent the only owner of a folder (its state folder, each deployment root),
 * for as long as the agent's process lives. The OS drops the lock when the process ends in any way, SIGKILL and power
 * loss included, so there is never a stale lock to clean up, and the file itself is never deleted (deleting it would
 * let two agents lock two different files of the same name).
 *
 * <p>The lock covers one byte far past the end of the file rather than its contents: on Windows a lock is mandatory
 * for the bytes it covers, and the file's contents (who holds it: {@link Holder}) must stay readable by the agent
 * that is refused.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name inside the folder it guards. */
    public static final String FILE = ".capstan-agent.lock";
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (which must exist) for this process.
     *
     * @param what how the refusal names the folder: "state folder", "deployment root"
     * @throws FolderInUseException when another agent, in this process or another, holds it
     * @throws IOException when the lock file cannot be created or locked
     */
    public static FolderLock acquire(Path folder, String what) throws IOException {
        Path file = folder.resolve(FILE);
        // Owner-only from the start, like everything in the state folder (it names the token's file).
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
        FileLock lock;
        try {
            lock = channel.tryLock(LOCKED_BYTE, 1, false);
        } catch (OverlappingFileLockException sameProcess) {
            // Another agent inside this JVM holds it (the console's embedded agent, a test).
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new FolderInUseException(folder, what, readHolder(file));
        }
        return new FolderLock(file, channel, lock);
    }

    /** Says who holds the lock, for the agent that will be refused: rewritten in place, under the lock. */
    public void describe(Holder holder) {
        try {
            byte[] text = holder.toText().getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            ByteBuffer buffer = ByteBuffer.wrap(text);
            long at = 0;
            while (buffer.hasRemaining()) at += channel.write(buffer, at);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock; the file stays (see the class comment). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }

    /** Who holds {@code folder}'s lock, as far as its lock file says now (it may have been written by a dead holder). */
    public static Holder holderOf(Path folder) {
        return readHolder(folder.resolve(FILE));
    }

    /** Who holds a lock, as far as its file says; empty fields while the holder is still starting. */
    static Holder readHolder(Path file) {
        try {
            return Holder.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Holder.UNKNOWN;
        }
    }

    /**
     * What the lock file says about its holder: its process id, the address it serves (null until it listens), its
     * state folder and its token file (null when the operator supplied the token), so a local client can connect.
     */
    public record Holder(long pid, String address, Path stateDir, Path tokenFile) {
        static final Holder UNKNOWN = new Holder(-1, null, null, null);

        String toText() {
            Properties p = new Properties();
            p.setProperty("pid", Long.toString(pid));
            if (address != null) p.setProperty("address", address);
            if (stateDir != null) p.setProperty("stateDir", stateDir.toString());
            if (tokenFile != null) p.setProperty("tokenFile", tokenFile.toString());
            StringWriter w = new StringWriter();
            try {
                p.store(w, "the capstan agent that owns this folder");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.toString();
        }

        static Holder parse(String text) throws IOException {
            Properties p = new Properties();
            p.load(new StringReader(text));
            String pid = p.getProperty("pid");
            String state = p.getProperty("stateDir");
            String token = p.getProperty("tokenFile");
            return new Holder(pid == null ? -1 : Long.parseLong(pid), p.getProperty("address"),
                    state == null ? null : Path.of(state), token == null ? null : Path.of(token));
        }

        /** "pid 1234, http://127.0.0.1:7417", or as much of it as is known. */
        public String summary() {
            if (pid < 0) return "holder not known yet: it may be starting";
            return "pid " + pid + ", " + (address != null ? address : "not listening yet");
        }
    }
}
