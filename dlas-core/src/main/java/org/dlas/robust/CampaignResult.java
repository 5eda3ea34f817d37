package org.dlas.robust;

import java.util.List;
import java.util.Map;

/**
 * What a {@link MutationCampaign} measured.
 *
 * @param model          model name
 * @param mutants        mutant names (operator names) that were applicable, in run order
 * @param notApplicable  operator name to the reason it could not mutate the model
 * @param environments   environment labels
 * @param cells          per (mutant, environment) cell, key {@link #key}
 * @param originals      the original model per environment (mutant {@code original})
 * @param mutationScore  per environment: (killed + crashed) / applicable mutants
 * @param discrepancy    per mutant: largest pairwise label-difference share between environments' mutant outputs (null if under 2 ran)
 * @param originalDiscrepancy largest pairwise label-difference share between environments for the original model
 */
public record CampaignResult(String model, List<String> mutants, Map<String, String> notApplicable, List<String> environments,
                             Map<String, Cell> cells, Map<String, Cell> originals, Map<String, Double> mutationScore,
                             Map<String, Double> discrepancy, double originalDiscrepancy, double threshold, int images) {

    /**
     * One mutant on one environment.
     *
     * @param labelDiff    share of images whose top-1 differs from the original on the same environment (NaN on error)
     * @param killed       labelDiff above the threshold
     * @param top1         accuracy against the true labels
     * @param latencyMs    wall-clock per image
     * @param latencyChange relative latency change vs the original on this environment
     * @param error        exception text when it crashed (then status is an error)
     */
    public record Cell(String mutant, String environment, boolean ok, double labelDiff, boolean killed, double top1,
                       double latencyMs, double latencyChange, String error, int[] predictions) {
        public boolean crashed() { return !ok; }
    }

    public static String key(String mutant, String env) { return mutant + "@" + env; }

    public Cell cell(String mutant, String env) { return cells.get(key(mutant, env)); }

    /** Killed (or crashed) on at least one environment. */
    public boolean detected(String mutant) {
        for (String e : environments) { Cell c = cell(mutant, e); if (c != null && (c.killed() || c.crashed())) return true; }
        return false;
    }
}
