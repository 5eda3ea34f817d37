package org.dlas.robust.conversion;

/**
 * One difference between source and converted model: the stage it belongs to, the node (source
 * name; for a node only the converted model has, its converted name), what was measured, the fix
 * (null when the localiser knows none), and the activation difference on the images that confirms
 * it (at the node, or at the first of its readers that diverges; null when none diverges).
 */
public record Finding(Stage stage, String node, String evidence, GraphFix fix, NodeDivergence confirmation) {
    public Finding(Stage stage, String node, String evidence, GraphFix fix) { this(stage, node, evidence, fix, null); }

    public boolean repairable() { return fix != null; }

    public Finding confirmedBy(NodeDivergence d) { return new Finding(stage, node, evidence, fix, d); }

    @Override public String toString() { return stage + " @ " + node + ": " + evidence; }
}
