package io.capstan.agent.state;

import java.nio.file.Path;

/** Another agent owns the folder; the message names it (pid, address) and says what to do. */
public final class FolderInUseException extends RuntimeException {
    private final transient Path folder;
    private final transient FolderLock.Holder holder;

    FolderInUseException(Path folder, String what, FolderLock.Holder holder) {
        super(what + " " + folder + " is in use by another capstan agent (" + holder.summary()
                + "); stop that agent first, or give this one another folder");
        this.folder = folder;
        this.holder = holder;
    }

    public Path folder() {
        return folder;
    }

    public FolderLock.Holder holder() {
        return holder;
    }
}
