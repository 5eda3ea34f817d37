package org.dlas.ir;

import java.util.List;

/** A named operator applied to the outputs of earlier nodes (by name). */
public record Node(String name, Op op, List<String> inputs) {
    public Node {
        inputs = List.copyOf(inputs);
    }

    public static Node of(String name, Op op, String... inputs) {
        return new Node(name, op, List.of(inputs));
    }

    public Node withOp(Op newOp) { return new Node(name, newOp, inputs); }
}
