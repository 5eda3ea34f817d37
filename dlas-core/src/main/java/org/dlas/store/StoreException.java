package org.dlas.store;

/** A result store could not be opened, read or written. Unchecked: a broken store should stop a sweep. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) { super(message); }

    public StoreException(String message, Throwable cause) { super(message, cause); }
}
