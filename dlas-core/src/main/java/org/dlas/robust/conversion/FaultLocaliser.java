package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;

/**
 * Compares a source model with its converted model, stage by stage: graph structure (and input
 * transforms), hyperparameters, parameters layer by layer; then runs both on the images to count
 * label differences and to find the diverging activations. When the first conv/dense layer
 * diverges although nothing about it or before it differs, the input itself is suspect (an
 * input-stage finding without a fix).
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
        findings.addAll(new HyperparameterComparison(source, converted).findings(structure));
        findings.addAll(new ParameterComparison(source, converted).findings(structure));
        var divergences = ActivationComparison.compare(source, converted, structure, images);
        Finding input = unexplainedInputDivergence(source, converted, findings, divergences);
        if (input != null) findings.add(input);
        findings.sort(Comparator.comparing(Finding::stage)); // stable: graph order stays within a stage
        int differing = LabelRunner.differing(sourceLabels, LabelRunner.labels(converted, images));
        return new Localisation(findings, divergences, differing, images.size());
    }

    private static Finding unexplainedInputDivergence(Graph source, Graph converted, List<Finding> findings,
                                                      List<NodeDivergence> divergences) {
        if (findings.stream().anyMatch(f -> f.stage() == Stage.INPUT)) return null;
        Node first = null;
        for (Node n : source.nodes()) if (n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense) { first = n; break; }
        if (first == null) return null;
        String name = first.name();
        var d = ActivationComparison.at(divergences, name);
        if (d == null || findings.stream().anyMatch(f -> f.node().equals(name))) return null;
        int at = source.nodes().indexOf(first);
        for (int i = 1; i < at; i++) {
            String before = source.nodes().get(i).name();
            if (findings.stream().anyMatch(f -> f.node().equals(before))) return null;
        }
        return new Finding(Stage.INPUT, name, "the first layer's outputs differ (" + d + ") although its parameters, hyperparameters and "
                + "everything before it match: the input reaches it transformed", null);
    }
}
