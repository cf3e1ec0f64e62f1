package io.capstan.agent.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.ByteBuffer;

/**
 * Reading a deployment's definition file (its {@code capstan.yaml}) only when it belongs to the deployment: the
 * file, after following links, must lie inside the deployment folder (itself after following links), be a regular
 * file and at most {@link #MAX_BYTES}. A link leading elsewhere is refused before anything is opened through it, so
 * the agent never parses, and never quotes in an error, a file it was pointed at ({@code /etc/shadow} when it runs
 * as root), and never blocks on a pipe or exhausts its memory on a device or a huge file.
 */
public final class DefinitionFiles {
    /** Far above any real definition; a bigger file is refused unread. */
    public static final long MAX_BYTES = 1024 * 1024;

    private DefinitionFiles() {
    }

    /**
     * The file's real path when it lies inside the real {@code folder}, else null. Never opens the file.
     *
     * @throws IOException when the file or the folder cannot be resolved (missing, a broken link)
     */
    public static Path insideFolder(Path folder, Path file) throws IOException {
        Path realFolder = folder.toRealPath();
        Path real = file.toRealPath();
        return real.startsWith(realFolder) && !real.equals(realFolder) ? real : null;
    }

    /** The text of {@code folder/name}, checked as the class says; UTF-8. */
    public static String read(Path folder, String name) throws DeploymentConfigException {
        Path file = folder.resolve(name);
        Path real;
        try {
            real = insideFolder(folder, file);
        } catch (IOException e) {
            throw new DeploymentConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (real == null) {
            throw new DeploymentConfigException(file + ": refused: it is a link leading outside the deployment folder;"
                    + " a definition must be the folder's own file");
        }
        try {
            // NOFOLLOW: the last step cannot be swapped for a link between the check above and this open.
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new DeploymentConfigException(file + ": refused: not a regular file");
            }
            if (Files.size(real) > MAX_BYTES) {
                throw new DeploymentConfigException(file + ": refused: larger than " + MAX_BYTES / 1024 + " KiB");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new DeploymentConfigException(file + ": refused: larger than " + MAX_BYTES / 1024 + " KiB");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DeploymentConfigException(file + ": cannot read: not UTF-8 text", e);
        } catch (IOException e) {
            throw new DeploymentConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
