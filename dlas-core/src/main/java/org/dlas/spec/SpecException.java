package org.dlas.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A sweep file could not be loaded; {@link #errors()} holds every problem found, in file order. */
public class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) throw new IllegalArgumentException("a SpecException needs at least one error");
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() { return errors; }
}
