package org.dlas.runtime;

/**
 * How one conv/dense layer runs: the primitive asked for, the one used, and why they differ
 * (a primitive that does not apply to a layer, e.g. Winograd on a 1x1 conv, falls back).
 */
public record LayerPlan(String node, String requested, String used, String fallbackReason, boolean int8) {
    public boolean fellBack() { return fallbackReason != null; }
}
