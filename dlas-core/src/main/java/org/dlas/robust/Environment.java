package org.dlas.robust;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Where a model runs in a campaign: an installed hardware target with optional settings (a code
 * generation and parameters of the target or of that code generation), a conv primitive and a
 * precision ({@code fp32}, or {@code int8}: post-training quantised with {@code Compressions} int8
 * first). Written {@code target[settings]/primitive[/precision]} (see {@link EnvironmentSyntax}),
 * e.g. {@code jvm/gemm/int8}, {@code cpu[opt_level=0]/direct}, {@code cpu[autoscheduled,trials=16]/gemm}.
 *
 * @param codegen       the code generation written in the settings, or null for the target's first (default) one
 * @param targetParams  target parameters as written (validated, typed), without defaults
 * @param codegenParams code-generation parameters as written (validated, typed), without defaults
 * @param replica       0, or n &ge; 2 for the n-th copy of the same environment in one list (label suffix {@code #n})
 */
public record Environment(String target, String codegen, Map<String, Object> targetParams, Map<String, Object> codegenParams,
                          String primitive, String precision, int replica) {
    public static final String FP32 = "fp32", INT8 = "int8";

    public Environment {
        if (!precision.equals(FP32) && !precision.equals(INT8)) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "precision must be fp32 or int8, got '" + precision + "'");
        targetParams = java.util.Collections.unmodifiableMap(new TreeMap<>(targetParams));
        codegenParams = java.util.Collections.unmodifiableMap(new TreeMap<>(codegenParams));
    }

    /** The target with its default code generation and parameters. */
    public Environment(String target, String primitive, String precision) {
        this(target, null, Map.of(), Map.of(), primitive, precision, 0);
    }

    /** Parses and validates one environment; see {@link EnvironmentSyntax}. */
    public static Environment parse(String s) { return EnvironmentSyntax.parse(s); }

    /** Parses a comma-separated list (commas inside [...] belong to the settings); repeated environments are numbered #2, #3, ... */
    public static List<Environment> parseAll(String csv) { return EnvironmentSyntax.parseAll(csv); }

    public Environment withReplica(int n) { return new Environment(target, codegen, targetParams, codegenParams, primitive, precision, n); }

    /** {@code cpu[autoscheduled,trials=16]/gemm}: the settings as written (sorted), omitted when none; precision only when int8. */
    public String label() {
        return target + EnvironmentSyntax.settings(this) + "/" + primitive + (precision.equals(FP32) ? "" : "/" + precision)
                + (replica > 0 ? "#" + replica : "");
    }

    /** The code generation used: the one written, else the target's first. */
    public String codegenName() { return codegen != null ? codegen : Targets.get(target).codegens().get(0); }

    /** The hardware choice handed to the target: the written parameters, then every other default. */
    public Choice hardwareChoice() { return new Choice(target, withDefaults(targetParams, Targets.get(target).params())); }

    /** The codegen choice handed to the target: the written parameters, then every other default. */
    public Choice codegenChoice() {
        String name = codegenName();
        return new Choice(name, withDefaults(codegenParams, Targets.get(target).codegenParams(name)));
    }

    /** The graph as it runs here (quantised for int8). */
    public Graph convert(Graph g, CalibrationData calibration) {
        if (precision.equals(FP32)) return g;
        if (calibration == null) throw new InvalidInputException(ErrorKind.MISSING, label() + " needs calibration images for int8");
        return Compressions.apply(g, new Choice("int8", Map.of()), calibration);
    }

    /** Prepared with the chosen (or the target's first) code generation and the target parameters. */
    public PreparedModel prepare(Graph runnable) throws Exception {
        HardwareTarget t = Targets.get(target);
        return t.prepare(runnable, hardwareChoice(), Choice.of(primitive), codegenChoice());
    }

    private static Map<String, Object> withDefaults(Map<String, Object> written, List<ParamSpec> specs) {
        Map<String, Object> all = new TreeMap<>(written);
        for (ParamSpec p : specs) if (p.defaultValue() != null) all.putIfAbsent(p.name(), p.defaultValue());
        return all;
    }

    @Override public String toString() { return label(); }
}
