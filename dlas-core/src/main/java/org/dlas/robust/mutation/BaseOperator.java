package org.dlas.robust.mutation;

import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Name, category and description; {@link #apply} checks applicability, then calls {@link #mutate}. */
public abstract class BaseOperator implements MutationOperator {
    private final String name, category, description;

    protected BaseOperator(String name, String category, String description) {
        this.name = name;
        this.category = category;
        this.description = description;
    }

    @Override public final String name() { return name; }
    @Override public final String category() { return category; }
    @Override public final String describe() { return description; }

    /** Nodes the operator may change; applicable when not empty. */
    protected abstract List<String> candidates(Graph g);

    /** What the operator needs, for the not-applicable reason. */
    protected abstract String needs();

    protected abstract Graph mutate(Graph g, String node, long seed);

    @Override public Optional<String> notApplicable(Graph g) {
        return candidates(g).isEmpty() ? Optional.of(g.name() + " has no " + needs()) : Optional.empty();
    }

    @Override public final Graph apply(Graph g, long seed) {
        notApplicable(g).ifPresent(r -> { throw new InvalidInputException(ErrorKind.UNSUPPORTED, name + " is not applicable: " + r); });
        return Edits.rename(mutate(g, Edits.pick(candidates(g), seed), seed), g, name);
    }

    @Override public String toString() { return name; }
}
