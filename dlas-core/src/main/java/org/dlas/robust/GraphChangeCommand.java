package org.dlas.robust;

import java.io.PrintWriter;

import org.dlas.cli.ModelCommand;
import org.dlas.ir.Graph;

/**
 * A command that changes a model's graph in named ways (mutate, repair): with {@code --list} it
 * prints the changes it knows and stops; otherwise it loads the model (exit 2 when it cannot) and
 * runs on it.
 */
public abstract class GraphChangeCommand extends ModelCommand {

    @Override public final Integer call() throws Exception {
        PrintWriter out = out(), err = err();
        if (listOnly()) return list(out);
        Graph graph = model.load(err);
        if (graph == null) return 2;
        return run(graph, out, err);
    }

    /** Whether {@code --list} was given. */
    protected abstract boolean listOnly();

    /** Prints the known changes (see {@link GraphChange#list}); the exit code. */
    protected abstract int list(PrintWriter out);

    /** The command's work on the loaded model; the exit code. */
    protected abstract int run(Graph graph, PrintWriter out, PrintWriter err) throws Exception;
}
