package org.dlas.tuner.reuse;

/**
 * Which rule gave a kernel of the new model its schedule (see {@link ReuseReport} for the rules).
 */
public enum ReuseRule {
    /** A donor kernel with the same workload (structural hash, structurally equal): its tuned trace as is. */
    EXACT,
    /** A donor kernel of the same operator class with the closest loop extents: its trace replayed on the new kernel. */
    CLOSEST,
    /** No donor kernel could lend a schedule: TVM's default schedule. */
    NONE;

    static ReuseRule of(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
