package org.dlas.robust.conversion;

import org.dlas.ir.Graph;

/** One repair of a converted graph; applying it returns a new graph and leaves its input alone. */
public interface GraphFix {
    /** What the fix does, e.g. "copy the source weights of conv1". */
    String action();

    Graph apply(Graph converted);

    static GraphFix of(String action, java.util.function.UnaryOperator<Graph> edit) {
        return new GraphFix() {
            @Override public String action() { return action; }
            @Override public Graph apply(Graph g) { return edit.apply(g); }
        };
    }
}
