package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** relu6 becomes relu (no clipping). */
public final class Relu6ToRelu extends ReplaceOperator {
    public Relu6ToRelu() { super("relu6-to-relu", "activation", "one relu6 becomes relu (no upper clip)", "relu6", op -> op instanceof Op.Relu6, op -> new Op.Relu()); }
}
