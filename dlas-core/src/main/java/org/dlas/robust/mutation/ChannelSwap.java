package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Two output channels of one layer trade places; the consumer is left as it is. */
public final class ChannelSwap extends LayerWeightOperator {
    public ChannelSwap() { super("channel-swap", "weights", "two output channels of one conv/dense layer are swapped (the consumer is not)"); }
    @Override protected List<String> candidates(Graph g) { return super.candidates(g).stream().filter(n -> Edits.outChannels(g.node(n).op()) >= 2).toList(); }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) {
        int k = Edits.outChannels(layer), per = w.length / k, x = rnd.nextInt(k), y = (x + 1 + rnd.nextInt(k - 1)) % k;
        float[] tmp = new float[per];
        System.arraycopy(w, x * per, tmp, 0, per);
        System.arraycopy(w, y * per, w, x * per, per);
        System.arraycopy(tmp, 0, w, y * per, per);
        if (b != null) { float t = b[x]; b[x] = b[y]; b[y] = t; }
        return new float[][] {w, b};
    }
}
