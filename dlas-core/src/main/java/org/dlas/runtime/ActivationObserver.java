package org.dlas.runtime;

import org.dlas.ir.Node;

/** Sees every node's output during a forward pass (calibration, fault localisation, debugging). */
@FunctionalInterface
public interface ActivationObserver {
    /** @param output the node's output for the whole batch (NCHW); do not modify */
    void onOutput(Node node, float[] output, int batch);
}
