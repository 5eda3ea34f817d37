package org.dlas.robust.conversion;

/**
 * One difference between source and converted model: the stage it belongs to, the node (source
 * name; for a node only the converted model has, its converted name), what was measured, and the
 * fix, or null when the localiser knows none.
 */
public record Finding(Stage stage, String node, String evidence, GraphFix fix) {
    public boolean repairable() { return fix != null; }

    @Override public String toString() { return stage + " @ " + node + ": " + evidence; }
}
