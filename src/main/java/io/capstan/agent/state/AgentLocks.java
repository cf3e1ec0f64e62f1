package io.capstan.agent.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks one agent holds: its state folder and each deployment root, taken before it reads or writes anything in
 * them (job history, leftover services, pid files), so a second agent on the same folders refuses to start having
 * touched nothing.
 */
public final class AgentLocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLocks.class);

    private final List<FolderLock> locks;

    private AgentLocks(List<FolderLock> locks) {
        this.locks = locks;
    }

    /**
     * Locks the state folder (which must exist), then each root.
     *
     * @throws FolderInUseException when another agent holds one of them; none is then held by this call
     */
    public static AgentLocks acquire(Path stateDir, List<Path> roots) {
        List<FolderLock> held = new ArrayList<>();
        try {
            held.add(FolderLock.acquire(stateDir, "state folder"));
            for (Path root : roots) {
                try {
                    held.add(FolderLock.acquire(root, "deployment root"));
                } catch (IOException e) {
                    // A read-only root can hold no pid files either; the state folder's lock still stands.
                    LOG.warn("cannot lock deployment root {}: {}; another agent could serve it at the same time",
                            root, e.toString());
                }
            }
            return new AgentLocks(held);
        } catch (IOException e) {
            held.forEach(FolderLock::close);
            throw new UncheckedIOException("cannot lock state folder " + stateDir, e);
        } catch (RuntimeException e) {
            held.forEach(FolderLock::close);
            throw e;
        }
    }

    /** Writes who holds the locks into every lock file. */
    public void describe(FolderLock.Holder holder) {
        for (FolderLock l : locks) {
            try {
                l.describe(holder);
            } catch (UncheckedIOException e) {
                LOG.warn("{}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        for (FolderLock l : locks) l.close();
    }
}
