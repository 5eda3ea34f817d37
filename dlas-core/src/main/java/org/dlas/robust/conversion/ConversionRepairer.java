package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;

/**
 * Repairs a converted model finding by finding: applies one fix, re-measures the label
 * differences from the source on the images, moves on; a fix that throws leaves the graph as it
 * was. At the end the repaired model is localised again to say what remains.
 */
public final class ConversionRepairer {
    private ConversionRepairer() { }

    public static RepairResult repair(Graph source, Graph converted, Dataset images, List<Injection> injected) {
        int[] reference = LabelRunner.labels(source, images);
        Localisation before = FaultLocaliser.localise(source, reference, converted, images);
        List<RepairStep> steps = new ArrayList<>();
        Graph current = converted;
        int differing = before.labelDifferences();
        for (Finding f : before.findings()) {
            int index = steps.size() + 1;
            if (!f.repairable()) {
                steps.add(new RepairStep(index, f, null, differing, differing, "no repair known for this finding"));
                continue;
            }
            try {
                Graph next = f.fix().apply(current);
                int after = LabelRunner.differing(reference, LabelRunner.labels(next, images));
                steps.add(new RepairStep(index, f, f.fix().action(), differing, after, null));
                current = next;
                differing = after;
            } catch (RuntimeException e) {
                steps.add(new RepairStep(index, f, f.fix().action(), differing, differing, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        Localisation after = FaultLocaliser.localise(source, reference, current, images);
        return new RepairResult(source.name(), injected, before, steps, current, after);
    }
}
