package org.dlas.robust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;

/**
 * Where a model runs in a campaign: an installed hardware target, a conv primitive and a precision
 * ({@code fp32}, or {@code int8}: post-training quantised with {@code Compressions} int8 first).
 * Written {@code target/primitive[/precision]}, e.g. {@code jvm/gemm} or {@code jvm/gemm/int8}.
 */
public record Environment(String target, String primitive, String precision) {
    public static final String FP32 = "fp32", INT8 = "int8";

    public Environment {
        if (!precision.equals(FP32) && !precision.equals(INT8)) throw new IllegalArgumentException("precision must be fp32 or int8, got '" + precision + "'");
    }

    public static Environment parse(String s) {
        String[] p = s.trim().split("/");
        if (p.length < 2 || p.length > 3) throw new IllegalArgumentException("environment '" + s + "' is not target/primitive[/fp32|int8]");
        return new Environment(p[0], p[1], p.length == 3 ? p[2] : FP32);
    }

    public static List<Environment> parseAll(String csv) {
        List<Environment> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(parse(s));
        return out;
    }

    /** {@code jvm/gemm} for fp32, {@code jvm/gemm/int8} for int8. */
    public String label() { return target + "/" + primitive + (precision.equals(FP32) ? "" : "/" + precision); }

    /** The graph as it runs here (quantised for int8). */
    public Graph convert(Graph g, CalibrationData calibration) {
        if (precision.equals(FP32)) return g;
        if (calibration == null) throw new IllegalArgumentException(label() + " needs calibration images for int8");
        return Compressions.apply(g, new Choice("int8", Map.of()), calibration);
    }

    /** Prepared with the target's first (default) code generation: {@code none} on jvm, {@code untuned} on TVM's cpu. */
    public PreparedModel prepare(Graph runnable) throws Exception {
        HardwareTarget t = Targets.get(target);
        return t.prepare(runnable, Choice.of(target), Choice.of(primitive), Choice.of(t.codegens().get(0)));
    }

    @Override public String toString() { return label(); }
}
