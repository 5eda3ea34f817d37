package org.dlas.tuner.explore;

import java.util.Locale;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * What to explore: the accelerator family, a {@link DesignSpace} by name ({@code maeri}:
 * configuration and per-layer mappings; {@code systolic}: rows, columns, dataflow and SRAM sizes;
 * {@code sigma}: multipliers, bandwidths and buffer), the objective to minimise
 * ({@code cycles}, {@code energy} or {@code edp}, all per inference image), the area budget in
 * mm^2 (a hard constraint), the OptaPlanner time limit in seconds and the random seed (OptaPlanner
 * and the random-search baseline).
 */
public record ExploreSpec(String accelerator, String objective, double areaBudgetMm2, int timeLimitSeconds, long seed) {

    public ExploreSpec {
        accelerator = accelerator == null ? "maeri" : accelerator.toLowerCase(Locale.ROOT);
        objective = objective == null ? "cycles" : objective.toLowerCase(Locale.ROOT);
        if (accelerator.isBlank()) throw new InvalidInputException(ErrorKind.MISSING, "accelerator must name a design space; supported: " + String.join(", ", DesignSpaces.names()));
        if (!(objective.equals("cycles") || objective.equals("energy") || objective.equals("edp"))) {
            throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "objective must be cycles, energy or edp, got '" + objective + "'");
        }
        if (!(areaBudgetMm2 > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "area budget must be > 0 mm^2, got " + areaBudgetMm2);
        if (timeLimitSeconds < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "time limit must be >= 1 s, got " + timeLimitSeconds);
    }

    public static ExploreSpec maeri(String objective, double areaBudgetMm2, int timeLimitSeconds, long seed) {
        return new ExploreSpec("maeri", objective, areaBudgetMm2, timeLimitSeconds, seed);
    }
}
