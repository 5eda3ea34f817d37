package org.dlas.compression;

import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.runtime.ActivationObserver;
import org.dlas.runtime.CompiledModel;

/** Runs the calibration images through an fp32 graph in batches, showing every node's output to an observer. */
final class Calibrator {
    /** Images per forward pass: bounds activation memory on large calibration sets. */
    static final int BATCH = 32;

    private Calibrator() { }

    /**
     * @param watched nodes whose outputs the observer wants (others are not shown), or null for all
     */
    static void run(Graph fp32, CalibrationData data, ConvPrimitive primitive, Set<String> watched, ActivationObserver observer) {
        data.requireShape(fp32.inputShape());
        CompiledModel model = CompiledModel.compile(fp32, primitive, primitive);
        ActivationObserver filtered = watched == null ? observer
                : (node, out, n) -> { if (watched.contains(node.name())) observer.onOutput(node, out, n); };
        for (int from = 0; from < data.count(); from += BATCH) {
            int n = Math.min(BATCH, data.count() - from);
            model.forward(data.batch(from, n), n, filtered);
        }
    }
}
