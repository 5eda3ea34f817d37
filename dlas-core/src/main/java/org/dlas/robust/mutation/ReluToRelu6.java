package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** relu becomes relu6 (clips at 6). */
public final class ReluToRelu6 extends ReplaceOperator {
    public ReluToRelu6() { super("relu-to-relu6", "activation", "one relu becomes relu6 (output clipped at 6)", "relu", op -> op instanceof Op.Relu, op -> new Op.Relu6()); }
}
