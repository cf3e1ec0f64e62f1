package io.capstan.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's state is private to its user: job output can hold secrets a build printed, and the folder holds the
 * token. Folders are created {@code rwx------} and files {@code rw-------} (decided at creation, so there is no
 * moment when a file is readable by others); folders and job files found looser at start are tightened, with a
 * warning saying what changed. Where the file system has no POSIX permissions (Windows), the platform's defaults
 * apply: the per-user folders there are already private.
 */
public final class OwnerOnly {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder (and missing parents) {@code rwx------}, or tightens an existing one that others can use. */
    public static void folder(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (posix()) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
                } else {
                    Files.createDirectories(dir);
                }
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tighten(dir, FOLDER, true);
    }

    /** Tightens every regular file directly in {@code dir} that others can read or write to {@code rw-------}. */
    public static void filesIn(Path dir) {
        if (!posix() || !Files.isDirectory(dir)) return;
        int[] tightened = {0};
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                if (tighten(f, FILE, false)) tightened[0]++;
            });
        } catch (IOException e) {
            LOG.warn("could not check the permissions of the files in {}: {}", dir, e.toString());
        }
        if (tightened[0] > 0) {
            // One line for the folder: a history of 500 jobs must not log a thousand warnings.
            LOG.warn("{} files in {} could be read by other users, now rw-------: the agent's state can hold secrets "
                    + "(tokens, job output)", tightened[0], dir);
        }
    }

    /** True when the permissions were changed. */
    private static boolean tighten(Path p, Set<PosixFilePermission> wanted, boolean say) {
        if (!posix()) return false;
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
            if (now.stream().noneMatch(OTHERS::contains)) return false;
            Files.setPosixFilePermissions(p, wanted);
            if (say) {
                LOG.warn("{} was {}, now {}: the agent's state can hold secrets (tokens, job output)", p,
                        PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("{} can be read by other users and could not be made private: {}", p, e.toString());
            return false;
        }
    }

    /** The attribute that creates a file {@code rw-------}, or none where permissions are not POSIX. */
    public static FileAttribute<?>[] fileAttributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Opens a file for appending, creating it {@code rw-------} when it does not exist. */
    public static FileChannel append(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                fileAttributes());
    }

    /**
     * Writes {@code bytes} into {@code tmp}, a new {@code rw-------} file beside {@code target} (a leftover of a crash
     * is removed first), and moves it over {@code target}: atomically where the file system can, so that readers see
     * the old file or the new, never a part. {@code tmp} is gone afterwards, whatever failed (a full disk leaves no
     * empty or half file behind).
     */
    public static void replace(Path target, Path tmp, byte[] bytes) throws IOException {
        try {
            Files.deleteIfExists(tmp);
            write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates a new file {@code rw-------} (it must not exist) and writes {@code bytes} into it. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttributes())) {
            writeFully(ch, bytes);
        }
    }

    /** Writes all of {@code bytes} at the channel's position: one {@code write} may take only part of them. */
    public static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
    }
}
