package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.bench.LayerCapture;

/**
 * One design space prepared for one model's layers: the steps {@link Explorer} runs on every space
 * (default design, OptaPlanner, random search, exhaustive enumeration, cycle-level confirmation).
 *
 * @param <D> a complete design point of this space
 */
public interface SpaceSearch<D> {
    /** The number of designs (hardware x mappings). */
    double size();

    /** The design the space's target uses when nobody searches, and its label. */
    D defaultDesign();

    String defaultLabel();

    /** OptaPlanner's best design within the spec's time limit; every new best score goes to {@code trace}. */
    Solving.Solved<D> solve(ExploreSpec spec, List<ExploreResult.ScorePoint> trace);

    /** The best of random designs: {@code evaluations} of them, or as many as fit in {@code millis} (Long.MAX_VALUE: no limit). */
    D random(long evaluations, long millis, long seed);

    /** The exact optimum, or null when none is feasible or the space is too large to enumerate ({@code maxJoint} designs). */
    D exhaustive(long maxJoint);

    /** The design's analytical figures, per layer and in total. */
    ExploreResult.Design design(String label, D design);

    /** The default design's cycles over the best one's, also when the objective is not cycles. */
    default double cycleSpeedup(D defaultDesign, ExploreResult.Design def, D best, ExploreResult.Design bestDesign) {
        return (double) def.cycles() / bestDesign.cycles();
    }

    /** Cycle-level check of the best and the default design on the layers' real inputs. */
    ExploreResult.Confirmation confirm(D best, D defaultDesign, ExploreResult.Design bestDesign, List<LayerCapture.Captured> real);
}
