package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** One max-pool becomes an average pool of the same window. */
public final class MaxPoolToAvgPool extends ReplaceOperator {
    public MaxPoolToAvgPool() { super("maxpool-to-avgpool", "layer", "one max-pool becomes an average pool with the same window", "max-pool",
            op -> op instanceof Op.MaxPool, op -> { Op.MaxPool p = (Op.MaxPool) op; return new Op.AvgPool(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW()); }); }
}
