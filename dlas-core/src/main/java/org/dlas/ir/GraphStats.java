package org.dlas.ir;

/**
 * Size and work of a model: parameter count, multiply-accumulates per image, zero weights, and
 * storage size (fp32 weights at 4 bytes; int8-quantised layers at 1 byte per weight plus 4 bytes
 * per scale; biases stay fp32).
 */
public record GraphStats(long params, long weightParams, long zeroWeights, long macs, long sizeBytes) {

    /** Share of conv/dense weights that are exactly zero. */
    public double sparsity() { return weightParams == 0 ? 0 : (double) zeroWeights / weightParams; }

    public static GraphStats of(Graph g) {
        long params = 0, weights = 0, zeros = 0, macs = 0, bytes = 0;
        for (Node n : g.nodes()) {
            GraphStats s = of(g, n);
            params += s.params;
            weights += s.weightParams;
            zeros += s.zeroWeights;
            macs += s.macs;
            bytes += s.sizeBytes;
        }
        return new GraphStats(params, weights, zeros, macs, bytes);
    }

    /** The share of node {@code n} of graph {@code g}. */
    public static GraphStats of(Graph g, Node n) {
        long params = 0, weights = 0, zeros = 0, macs = 0, bytes = 0;
        Op op = n.op();
        float[] w = null, b = null;
        Int8Params q = null;
        if (op instanceof Op.Conv2d c) {
            w = c.weight(); b = c.bias(); q = c.quant();
            Shape in = g.shape(n.inputs().get(0));
            macs += c.spec().macs(in.height(), in.width());
        } else if (op instanceof Op.Dense d) {
            w = d.weight(); b = d.bias(); q = d.quant();
            macs += (long) d.in() * d.out();
        } else if (op instanceof Op.BatchNorm bn) {
            params += 4L * bn.gamma().length;
            bytes += 16L * bn.gamma().length;
        } else if (op instanceof Op.PRelu p) {
            params += p.slope().length;
            bytes += 4L * p.slope().length;
        }
        if (w != null) {
            weights += w.length;
            params += w.length + (b == null ? 0 : b.length);
            for (float v : w) if (v == 0f) zeros++;
            bytes += (q == null ? 4L * w.length : w.length + 4L * q.weightScales().length + 8)
                    + (b == null ? 0 : 4L * b.length);
        }
        return new GraphStats(params, weights, zeros, macs, bytes);
    }
}
