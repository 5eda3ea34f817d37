package org.dlas.robust.conversion;

/**
 * One repair: the finding it answers, what was done, and the label differences from the source
 * before and after it; {@code error} says why the fix could not be applied (the graph is then kept as it was).
 */
public record RepairStep(int index, Finding finding, String action, int labelDiffBefore, int labelDiffAfter, String error) {
    public boolean applied() { return error == null && action != null; }
}
