package org.dlas.robust.conversion.faults;

import java.util.List;
import java.util.Locale;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/**
 * The converter adds the preprocessing to the model although the images are already normalised:
 * an extra scale and shift, (x - mean) / std with the Fashion-MNIST statistics, right after the input.
 */
public final class WrongInputNormalisation extends NodeFault {
    /** Name of the inserted node, as a converter would call it. */
    static final String NODE = "input_normalise";

    public WrongInputNormalisation() {
        super("wrong-input-normalisation", Stage.INPUT, "an extra (x - mean) / std at the input: the images are normalised twice");
    }

    @Override List<String> candidates(Graph g) { return List.of(g.nodes().get(0).name()); }
    @Override String needs() { return "input"; }

    @Override Injection inject(Graph g, String input, long seed) {
        float mean = Datasets.mean(Datasets.FASHION_MNIST), std = Datasets.std(Datasets.FASHION_MNIST);
        String name = Edits.uniqueName(g, NODE);
        Graph faulty = Edits.insertAfter(g, input, name, Edits.affine(g.inputShape().channels(), 1 / std, -mean / std));
        return injection(name, String.format(Locale.ROOT, "y = %.4f x %+.4f inserted after '%s'", 1 / std, -mean / std, input), faulty);
    }
}
