package org.dlas.ort;

/**
 * How far one node's activation in the converted model is from the source's, over all checked
 * images: the largest absolute difference, and that divided by the largest absolute source value
 * of the node (so a node whose activations are in the hundreds is judged like one in the units).
 */
record NodeDeviation(String node, String op, boolean int8, double maxAbs, double sourceMaxAbs) {

    double relative() { return maxAbs / Math.max(sourceMaxAbs, 1e-12); }

    boolean exceeds(double tolerance) { return relative() > tolerance; }

    /** Accumulates a node's deviation batch by batch. */
    static final class Accumulator {
        private final String node, op;
        private final boolean int8;
        private double maxAbs, sourceMaxAbs;

        Accumulator(String node, String op, boolean int8) {
            this.node = node;
            this.op = op;
            this.int8 = int8;
        }

        void add(float[] source, float[] converted) {
            if (source.length != converted.length) {
                throw new IllegalStateException("node " + node + ": source has " + source.length + " values, converted " + converted.length);
            }
            for (int i = 0; i < source.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(source[i] - converted[i]));
                sourceMaxAbs = Math.max(sourceMaxAbs, Math.abs(source[i]));
            }
        }

        NodeDeviation result() { return new NodeDeviation(node, op, int8, maxAbs, sourceMaxAbs); }
    }
}
