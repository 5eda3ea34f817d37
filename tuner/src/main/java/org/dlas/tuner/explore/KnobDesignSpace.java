package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.LayerShape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A design space of independent hardware knobs, each with its own options, and no per-layer
 * choices (the accelerator maps every layer itself). {@link KnobSearch} brings OptaPlanner, random
 * search and exhaustive enumeration; a subclass says what the knobs are and what a design costs.
 * Objective: the analytical cycles summed over the layers; hard: the area budget and
 * {@link #invalid}.
 */
public abstract class KnobDesignSpace implements DesignSpace {
    /** One knob and the values the search may give it. */
    public record Knob(String name, List<Integer> options) {
        public Knob { options = List.copyOf(options); }
    }

    /** The knobs, in the order every {@code int[] design} below lists their values. */
    protected abstract List<Knob> knobs();

    /** The design the accelerator's target uses by default (values within the knobs' options). */
    protected abstract int[] defaultDesign();

    protected abstract String defaultLabel();

    /** How far {@code design} is from one the accelerator can be built as (0: it can); area and cycles are only asked of those. */
    protected long invalid(int[] design) { return 0; }

    /** The hardware's description for reports. */
    protected abstract String label(int[] design);

    protected abstract double areaMm2(int[] design);

    /** Analytical cycles of one layer per image. */
    protected abstract long cycles(int[] design, LayerShape layer);

    /** Multipliers, distribution and reduction bandwidth and buffer KiB as the report's columns show them. */
    protected abstract int[] summary(int[] design);

    /** The cycle-level simulator of {@code design}; null: no confirmation. */
    protected CycleLevelCheck.Simulation simulator(int[] design) { return null; }

    /** accel-sim's stated bounds on the analytical error: per model, per layer. */
    protected double[] statedBounds() { return new double[] {0, 0}; }

    @Override public SpaceSearch<?> search(List<Explorer.ModelLayer> layers, ExploreSpec spec) {
        if (!"cycles".equals(spec.objective())) {
            throw new InvalidInputException(ErrorKind.UNSUPPORTED, "the " + name() + " search supports the cycles objective only, got " + spec.objective());
        }
        return new KnobSearch(this, layers, spec.areaBudgetMm2());
    }
}
