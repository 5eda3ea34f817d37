package org.dlas.robust.conversion;

import java.util.List;

/**
 * What the localiser found: the findings in repair order (input, graph, hyperparameters,
 * parameters; graph order within a stage), the nodes whose activations diverge on the first
 * images, and on how many of the images the top-1 label differs from the source's.
 */
public record Localisation(List<Finding> findings, List<NodeDivergence> divergences, int labelDifferences, int images) {
    public Localisation {
        findings = List.copyOf(findings);
        divergences = List.copyOf(divergences);
    }

    /** True when no difference is left: no finding, no diverging activation, no differing label. */
    public boolean clean() { return findings.isEmpty() && divergences.isEmpty() && labelDifferences == 0; }

    /** The first diverging node, or null. */
    public String firstDivergence() { return divergences.isEmpty() ? null : divergences.get(0).node(); }

    public double labelDifferenceShare() { return images == 0 ? 0 : (double) labelDifferences / images; }
}
