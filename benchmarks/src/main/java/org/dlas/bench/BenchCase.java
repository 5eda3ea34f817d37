package org.dlas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dlas.kernels.Primitives;

/**
 * One benchmark: a primitive on a layer in one precision with weights pruned to a sparsity.
 * {@link #id()} ("layer/primitive/precision/sparsity") is what {@code --include} matches.
 */
public record BenchCase(String layer, String primitive, String precision, double sparsity) {
    public static final List<String> PRECISIONS = List.of("fp32", "int8");

    public String id() { return layer + "/" + primitive + "/" + precision + "/" + formatSparsity(sparsity); }

    /** The JMH @Param spelling of a sparsity: 0, 0.5, 0.95. */
    public static String formatSparsity(double s) {
        if (s == Math.rint(s)) return String.valueOf((long) s);
        String t = String.format(Locale.ROOT, "%.4f", s);
        return t.replaceAll("0+$", "");
    }

    /** A planned run: the cases to measure and the (primitive, layer) pairs left out as inapplicable. */
    public record Plan(List<BenchCase> cases, List<Skipped> skipped) {}

    public record Skipped(String layer, String primitive, String reason) {}

    /**
     * The cases of a profile, in layer, precision, primitive, sparsity order. Inapplicable pairs
     * (Winograd on 1x1 / strided / depthwise / dense layers) are never generated but listed as
     * skipped; {@code include} (may be null) keeps only cases whose {@link #id()} it finds.
     */
    public static Plan plan(Profile profile, Pattern include) {
        List<BenchCase> cases = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String layer : profile.layers) {
            for (String primitive : Primitives.names()) {
                Optional<String> why = ConvKernelBenchmark.notApplicable(primitive, layer);
                if (why.isPresent()) {
                    if (include == null || include.matcher(layer + "/" + primitive + "/").find()) {
                        skipped.add(new Skipped(layer, primitive, why.get()));
                    }
                    continue;
                }
                boolean sparse = Primitives.isSparse(primitive);
                for (String precision : PRECISIONS) {
                    for (double s : profile.sparsities) {
                        if (!sparse && !profile.denseAtAllSparsities && s != 0.0) continue;
                        BenchCase c = new BenchCase(layer, primitive, precision, s);
                        if (include == null || include.matcher(c.id()).find()) cases.add(c);
                    }
                }
            }
        }
        return new Plan(cases, skipped);
    }
}
