package org.dlas.error;

/** What kind of bad input an {@link InvalidInputException} reports; tests match on this, not on message text. */
public enum ErrorKind {
    /** A name that is not one of the accepted ones (model, primitive, compression, target, parameter, option). */
    UNKNOWN_NAME,
    /** A number (or size, count, index) outside the range that is accepted. */
    OUT_OF_RANGE,
    /** Text or file content that cannot be read as what it should be (not a number, bad syntax, malformed file). */
    BAD_FORMAT,
    /** A well-formed request that this component does not handle (an op, layout or combination it lacks). */
    UNSUPPORTED,
    /** Something required is absent: a value, a key, a file, a calibration set. */
    MISSING,
    /** Inputs that contradict each other: shapes that do not match, options that exclude each other. */
    CONFLICT;

    /** The kind of {@code cause} when it is an {@link InvalidInputException}, else {@code fallback}: for re-thrown errors. */
    public static ErrorKind of(Throwable cause, ErrorKind fallback) {
        return cause instanceof InvalidInputException e ? e.kind() : fallback;
    }
}
