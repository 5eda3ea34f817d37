package org.dlas.store;

import java.nio.file.Path;

/** Another process (or another open store in this process) is already writing the same results directory. */
public class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final Path directory;

    public StoreLockedException(Path directory, String holder) {
        super("results directory " + directory + " is locked by another running sweep (" + holder + "). "
                + "Wait for it to finish, or write to a different directory. Reading results "
                + "(dlas results / report) does not need the lock.");
        this.directory = directory;
    }

    /** The locked results directory. */
    public Path directory() { return directory; }
}
