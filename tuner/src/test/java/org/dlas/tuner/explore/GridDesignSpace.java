package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.LayerShape;

/**
 * A test-only design space plug-in ({@code plugins/META-INF/services}): two knobs whose cycles fall
 * as both grow and whose area is their sum, so the budget decides the optimum.
 */
public final class GridDesignSpace extends KnobDesignSpace {
    static final List<Integer> OPTIONS = List.of(1, 2, 3, 4, 5, 6, 7, 8);

    @Override public String name() { return "test-grid"; }
    @Override public String description() { return "two knobs a, b"; }
    @Override protected List<Knob> knobs() { return List.of(new Knob("a", OPTIONS), new Knob("b", OPTIONS)); }
    @Override protected int[] defaultDesign() { return new int[] {1, 1}; }
    @Override protected String defaultLabel() { return "default (1, 1)"; }
    @Override protected String label(int[] d) { return "grid(a=" + d[0] + ", b=" + d[1] + ")"; }
    /** a + 2b mm^2 */
    @Override protected double areaMm2(int[] d) { return d[0] + 2.0 * d[1]; }
    /** MACs / (a * b) + 100 a: a is worth less than b */
    @Override protected long cycles(int[] d, LayerShape layer) { return layer.macs() / ((long) d[0] * d[1]) + 100L * d[0]; }
    @Override protected int[] summary(int[] d) { return new int[] {d[0] * d[1], d[0], d[1], 0}; }
}
