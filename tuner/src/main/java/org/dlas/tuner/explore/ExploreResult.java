package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.maeri.MaeriMapping;

/**
 * The outcome of one exploration. Objective values are per inference image in the objective's unit
 * (cycles; energy in pJ; EDP in nJ x cycles) from the analytical model; {@code simulated*} figures
 * come from the cycle-level simulator on real layer inputs.
 *
 * @param gapToExhaustive  (OptaPlanner's best - exhaustive optimum) / optimum; null when the space was not enumerated
 * @param gapToRandom      (random search's best - OptaPlanner's best) / OptaPlanner's best: > 0 means OptaPlanner found the better design;
 *                         random search with as many score evaluations as OptaPlanner made
 * @param gapToRandomSameTime the same for random search given OptaPlanner's wall time
 * @param speedupOverDefault default design's objective / best design's objective (analytical)
 * @param scoreOverTime    OptaPlanner's new best scores: (ms since the start, hard, soft)
 */
public record ExploreResult(String model, ExploreSpec spec, double spaceSize,
                            Design best, Design defaultDesign, double speedupOverDefault, double cycleSpeedupOverDefault,
                            Long exhaustiveOptimum, Design exhaustiveDesign, Double gapToExhaustive, long exhaustiveMillis,
                            Design randomBest, Double gapToRandom, long randomEvaluations, long randomMillis,
                            Design randomSameTime, Double gapToRandomSameTime,
                            long evaluations, long solveMillis, List<ScorePoint> scoreOverTime,
                            Confirmation confirmation) {

    /**
     * A design: hardware, mappings and its analytical figures. {@code hardware} describes the whole
     * configuration; for the systolic array {@code multipliers} = rows x cols, {@code dnBw} = rows,
     * {@code rnBw} = cols, {@code gbKb} = the three SRAMs together, and layers have no mapping (the
     * dataflow fixes it).
     */
    public record Design(String label, String hardware, int multipliers, int dnBw, int rnBw, int gbKb, double areaMm2, boolean feasible, long hardViolation,
                         long objective, long cycles, double energyPj, List<LayerChoice> layers) { }

    public record LayerChoice(String name, String shape, MaeriMapping mapping, long analyticalCycles, double analyticalEnergyPj) { }

    public record ScorePoint(long ms, long hard, long soft) { }

    /**
     * Cycle-level check of the best and the default design on real inputs.
     *
     * @param analyticalError |analytical - simulated| / simulated for the whole model (best design)
     * @param computeError    the same for the compute pipeline alone (before the DRAM roofline both models apply)
     * @param statedBound     the per-model bound accel-sim states for MAERI's analytical model
     */
    public record Confirmation(int images, long simulatedCycles, double simulatedEnergyPj, double analyticalEnergyPj, double energyError, long analyticalCycles, double analyticalError,
                               double maxLayerError, long simulatedComputeCycles, long analyticalComputeCycles, double computeError,
                               double statedBound, double statedLayerBound, long defaultSimulatedCycles,
                               double simulatedSpeedupOverDefault, List<Long> layerSimulatedCycles) { }
}
