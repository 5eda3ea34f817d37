package org.dlas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dlas.kernels.Primitives;

/**
 * One benchmark: a primitive on a layer in one precision with weights pruned to a sparsity, run by
 * an {@link Engine}. {@link #id()} ("layer/primitive/precision/sparsity", with "/tvm" appended for
 * TVM builds) is what {@code --include} matches.
 */
public record BenchCase(Engine engine, String layer, String primitive, String precision, double sparsity) {
    public static final List<String> PRECISIONS = Engine.JAVA.precisions;

    /** A case of the Java kernels. */
    public BenchCase(String layer, String primitive, String precision, double sparsity) {
        this(Engine.JAVA, layer, primitive, precision, sparsity);
    }

    public String id() {
        return layer + "/" + primitive + "/" + precision + "/" + formatSparsity(sparsity) + (engine == Engine.JAVA ? "" : "/" + engine.id());
    }

    /** The JMH @Param spelling of a sparsity: 0, 0.5, 0.95. */
    public static String formatSparsity(double s) {
        if (s == Math.rint(s)) return String.valueOf((long) s);
        String t = String.format(Locale.ROOT, "%.4f", s);
        return t.replaceAll("0+$", "");
    }

    /** A planned run: the cases to measure and the (primitive, layer) pairs left out as inapplicable. */
    public record Plan(List<BenchCase> cases, List<Skipped> skipped) {}

    public record Skipped(Engine engine, String layer, String primitive, String reason) {
        /** A pair the Java kernels cannot run. */
        public Skipped(String layer, String primitive, String reason) { this(Engine.JAVA, layer, primitive, reason); }
    }

    /** The Java kernels' cases of a profile: {@link #plan(Profile, Pattern, List)} with {@link Engine#JAVA} only. */
    public static Plan plan(Profile profile, Pattern include) {
        return plan(profile, include, List.of(Engine.JAVA));
    }

    /**
     * The cases of a profile, per engine in layer, primitive, precision, sparsity order. Inapplicable
     * pairs (e.g. Winograd on 1x1 / strided / depthwise / dense layers) are never generated but
     * listed as skipped; {@code include} (may be null) keeps only cases whose {@link #id()} it finds.
     */
    public static Plan plan(Profile profile, Pattern include, List<Engine> engines) {
        List<BenchCase> cases = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Engine engine : engines) {
            for (String layer : profile.layers) {
                for (String primitive : Primitives.names()) {
                    Optional<String> why = engine.notApplicable(primitive, layer);
                    if (why.isPresent()) {
                        if (include == null || include.matcher(layer + "/" + primitive + "/").find()) {
                            skipped.add(new Skipped(engine, layer, primitive, why.get()));
                        }
                        continue;
                    }
                    boolean sparse = Primitives.isSparse(primitive);
                    for (String precision : engine.precisions) {
                        for (double s : profile.sparsities) {
                            if (!sparse && !profile.denseAtAllSparsities && s != 0.0) continue;
                            BenchCase c = new BenchCase(engine, layer, primitive, precision, s);
                            if (include == null || include.matcher(c.id()).find()) cases.add(c);
                        }
                    }
                }
            }
        }
        return new Plan(cases, skipped);
    }
}
