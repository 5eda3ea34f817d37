package org.dlas.robust.mutation;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Replaces one operator (chosen by the seed among those matching) by another of the same shape. */
public abstract class ReplaceOperator extends BaseOperator {
    private final Predicate<Op> match;
    private final Function<Op, Op> replacement;
    private final String needs;

    protected ReplaceOperator(String name, String category, String description, String needs, Predicate<Op> match, Function<Op, Op> replacement) {
        super(name, category, description);
        this.match = match;
        this.replacement = replacement;
        this.needs = needs;
    }

    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, match); }
    @Override protected String needs() { return needs; }
    @Override protected Graph mutate(Graph g, String node, long seed) { return Edits.replaceOp(g, node, replacement.apply(g.node(node).op())); }
}
