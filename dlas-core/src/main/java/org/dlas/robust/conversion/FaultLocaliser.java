package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;

/**
 * Compares a source model with its converted model, stage by stage: graph structure (and input
 * transforms), hyperparameters, parameters layer by layer; then runs both on the images to count
 * label differences and to find the diverging activations, which confirm each finding (the
 * activation difference at its node or at its first diverging reader).
 */
public final class FaultLocaliser {
    private FaultLocaliser() { }

    public static Localisation localise(Graph source, Graph converted, Dataset images) {
        return localise(source, LabelRunner.labels(source, images), converted, images);
    }

    /** As {@link #localise(Graph, Graph, Dataset)} with the source's labels already computed. */
    static Localisation localise(Graph source, int[] sourceLabels, Graph converted, Dataset images) {
        StructureComparison structure = new StructureComparison(source, converted);
        List<Finding> findings = new ArrayList<>(structure.findings());
        findings.addAll(new HyperparameterComparison().findings(structure));
        findings.addAll(new ParameterComparison(source).findings(structure));
        var divergences = ActivationComparison.compare(source, converted, structure, images);
        findings.replaceAll(f -> confirm(f, source, converted, divergences));
        findings.sort(Comparator.comparing(Finding::stage)); // stable: graph order stays within a stage
        int differing = LabelRunner.differing(sourceLabels, LabelRunner.labels(converted, images));
        return new Localisation(findings, divergences, differing, images.size());
    }

    /** The divergence at the finding's node, else at the first of its readers (converted readers; source readers for a missing node). */
    private static Finding confirm(Finding f, Graph source, Graph converted, List<NodeDivergence> divergences) {
        NodeDivergence d = ActivationComparison.at(divergences, f.node());
        if (d == null) {
            boolean inConverted = converted.nodes().stream().anyMatch(n -> n.name().equals(f.node()));
            for (String reader : inConverted ? converted.consumers(f.node()) : source.consumers(f.node())) {
                d = ActivationComparison.at(divergences, reader);
                if (d != null) break;
            }
        }
        return f.confirmedBy(d);
    }
}
