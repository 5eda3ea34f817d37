package org.dlas.tuner.explore;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dlas.ir.Graph;
import org.dlas.cli.ModelParameter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code dlas explore MODEL}: design and mapping search for an accelerator with OptaPlanner, with
 * exhaustive and random-search baselines and a cycle-level confirmation of the best design.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Search an accelerator's configuration and every layer's mapping (OptaPlanner) for a zoo model; "
                + "compare with exhaustive and random search and confirm the best design with the cycle-level simulator.")
public class ExploreCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Mixin ModelParameter model;

    @Option(names = "--accelerator", defaultValue = "maeri", description = "accelerator family (a design space): maeri (configuration + per-layer mappings), systolic (rows, cols, dataflow, SRAMs), sigma (multipliers, dn_bw, rn_bw, global buffer) or a plug-in's")
    String accelerator;

    @Option(names = "--objective", defaultValue = "cycles", description = "cycles, energy or edp (per image)")
    String objective;

    @Option(names = "--area-budget", defaultValue = "4.0", description = "area budget in mm^2 (hard constraint; default ${DEFAULT-VALUE})")
    double areaBudget;

    @Option(names = "--time-limit", converter = org.dlas.cli.Counts.AtLeastOne.class, defaultValue = "20", description = "OptaPlanner time limit in seconds (default ${DEFAULT-VALUE})")
    int timeLimit;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--images", converter = org.dlas.cli.Counts.AtLeastZero.class, defaultValue = "1", description = "test images for the cycle-level confirmation (0: none)")
    int images;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON")
    Path json;

    PrintStream out = System.out;

    @Override public Integer call() throws Exception {
        ExploreSpec spec = new ExploreSpec(accelerator, objective, areaBudget, timeLimit, seed);
        DesignSpaces.get(spec.accelerator()); // an unknown name fails here, before the model loads
        Graph g = model.load();
        ExploreResult r = new Explorer().confirmImages(images).explore(g, spec);
        print(r, out);
        if (json != null) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (json.getParent() != null) Files.createDirectories(json.getParent());
            m.writeValue(json.toFile(), r);
            out.println("wrote " + json);
        }
        return r.best().feasible() ? 0 : 1;
    }

    static void print(ExploreResult r, PrintStream out) {
        String unit = switch (r.spec().objective()) { case "energy" -> "pJ"; case "edp" -> "nJ*cycles"; default -> "cycles"; };
        out.printf(Locale.ROOT, "explore %s on %s, objective %s, area budget %.2f mm^2, space %.3g designs%n", r.model(), r.spec().accelerator(),
                r.spec().objective(), r.spec().areaBudgetMm2(), r.spaceSize());
        ExploreResult.Design b = r.best();
        out.printf(Locale.ROOT, "best design: %s, area %.3f mm^2, %s%n", b.hardware(), b.areaMm2(), b.feasible() ? "feasible" : "INFEASIBLE (violation " + b.hardViolation() + ")");
        out.printf(Locale.ROOT, "  objective %d %s; analytical %d cycles, %.1f nJ per image%n", b.objective(), unit, b.cycles(), b.energyPj() / 1000);
        for (ExploreResult.LayerChoice l : b.layers()) {
            out.printf(Locale.ROOT, "  %-14s %-40s %-56s %8d cycles %9.1f nJ%n", l.name(), l.shape(), l.mapping() == null ? "(fixed by the dataflow)" : l.mapping().toString(), l.analyticalCycles(), l.analyticalEnergyPj() / 1000);
        }
        ExploreResult.Design d = r.defaultDesign();
        out.printf(Locale.ROOT, "default: %s, area %.3f mm^2: objective %d %s, %d cycles%n", d.hardware(), d.areaMm2(), d.objective(), unit, d.cycles());
        out.printf(Locale.ROOT, "speedup over default: objective x%.3f, cycles x%.3f%n", r.speedupOverDefault(), r.cycleSpeedupOverDefault());
        out.printf(Locale.ROOT, "optaplanner: %d score evaluations in %d ms, %d best-score events%n", r.evaluations(), r.solveMillis(), r.scoreOverTime().size());
        if (r.exhaustiveOptimum() != null) {
            out.printf(Locale.ROOT, "exhaustive optimum %d %s (%d ms): gap of optaplanner %.2f %%%n", r.exhaustiveOptimum(), unit, r.exhaustiveMillis(),
                    r.gapToExhaustive() == null ? Double.NaN : 100 * r.gapToExhaustive());
        } else {
            out.println("exhaustive: not enumerated (space too large for a joint enumeration of this objective)");
        }
        out.printf(Locale.ROOT, "random search (%d evaluations, %d ms): best %d %s%s; its gap to optaplanner %.2f %%%n", r.randomEvaluations(), r.randomMillis(),
                r.randomBest().objective(), unit, r.randomBest().feasible() ? "" : " INFEASIBLE", r.gapToRandom() == null ? Double.NaN : 100 * r.gapToRandom());
        out.printf(Locale.ROOT, "random search (same %d ms): best %d %s%s; its gap to optaplanner %.2f %%%n", r.solveMillis(), r.randomSameTime().objective(), unit,
                r.randomSameTime().feasible() ? "" : " INFEASIBLE", r.gapToRandomSameTime() == null ? Double.NaN : 100 * r.gapToRandomSameTime());
        StringBuilder t = new StringBuilder("score over time (ms: hard/soft):");
        for (ExploreResult.ScorePoint p : r.scoreOverTime()) t.append(' ').append(p.ms()).append(':').append(p.hard()).append('/').append(p.soft());
        out.println(t);
        ExploreResult.Confirmation c = r.confirmation();
        if (c != null) {
            out.printf(Locale.ROOT, "cycle-level confirmation (%d image(s)): %d cycles/image (analytical %d, error %.2f %%, max layer %.2f %%; stated bounds %.0f %% model, %.0f %% layer; compute alone %d vs %d, error %.2f %%), "
                    + "%.1f nJ/image%s; default %d cycles/image: simulated speedup x%.3f%n", c.images(), c.simulatedCycles(), c.analyticalCycles(),
                    100 * c.analyticalError(), 100 * c.maxLayerError(), 100 * c.statedBound(), 100 * c.statedLayerBound(), c.simulatedComputeCycles(), c.analyticalComputeCycles(), 100 * c.computeError(), c.simulatedEnergyPj() / 1000,
                    c.analyticalEnergyPj() > 0 ? String.format(Locale.ROOT, " (analytical %.1f nJ, error %.2f %%)", c.analyticalEnergyPj() / 1000, 100 * c.energyError()) : "",
                    c.defaultSimulatedCycles(), c.simulatedSpeedupOverDefault());
        }
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ExploreCommand()).execute(args));
    }
}
