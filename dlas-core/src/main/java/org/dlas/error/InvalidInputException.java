package org.dlas.error;

/**
 * Bad input from a user, a config or a model file, with its {@link ErrorKind} and, where known, where it was found
 * (a parameter or key name, or {@code file:line}). It is an {@link IllegalArgumentException}, so callers that catch
 * those, and the CLI that turns them into a one-line message with exit code 2, need no change; the message stays
 * the user-visible text (naming what was given and what is accepted), and the location is not added to it.
 *
 * <p>Rule: throw this for anything a user can cause by what they type or feed in. A precondition that only a bug
 * in dlas can break (an internal invariant, a caller inside dlas passing a wrong argument) stays a plain
 * {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private String location = "";

    public InvalidInputException(ErrorKind kind, String message) {
        super(message);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    public InvalidInputException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /** Sets where the bad input is (a parameter or key name, {@code file:line}); returns this, for {@code throw}. */
    public InvalidInputException at(String where) {
        this.location = where == null ? "" : where;
        return this;
    }

    public ErrorKind kind() { return kind; }

    /** Where the bad input is: a parameter or key name, or {@code file:line}; empty when not known. */
    public String location() { return location; }
}
