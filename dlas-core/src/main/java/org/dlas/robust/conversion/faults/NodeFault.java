package org.dlas.robust.conversion.faults;

import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.robust.conversion.ConversionFault;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** A fault injected at one node chosen by the seed among the kind's candidates. */
abstract class NodeFault implements ConversionFault {
    private final String name, description;
    private final Stage stage;

    NodeFault(String name, Stage stage, String description) {
        this.name = name;
        this.stage = stage;
        this.description = description;
    }

    @Override public String name() { return name; }
    @Override public Stage stage() { return stage; }
    @Override public String describe() { return description; }

    /** Nodes the fault can be injected at, in graph order. */
    abstract List<String> candidates(Graph g);

    /** What the candidates are, for "not applicable" messages. */
    abstract String needs();

    /** The faulty graph and a one-line account of the change at {@code node}. */
    abstract Injection inject(Graph g, String node, long seed);

    @Override public Optional<String> notApplicable(Graph g) {
        return candidates(g).isEmpty() ? Optional.of("the model has no " + needs()) : Optional.empty();
    }

    @Override public Injection inject(Graph g, long seed) {
        List<String> c = candidates(g);
        if (c.isEmpty()) throw new InvalidInputException(ErrorKind.UNSUPPORTED, name + " does not apply to " + g.name() + ": no " + needs());
        return inject(g, Edits.pick(c, seed), seed);
    }

    Injection injection(String node, String change, Graph faulty) {
        return new Injection(name, stage, node, change, faulty);
    }
}
