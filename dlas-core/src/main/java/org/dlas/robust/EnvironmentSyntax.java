package org.dlas.robust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.spec.ParamValues;
import org.dlas.target.HardwareTarget;
import org.dlas.target.Targets;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The written form of an {@link Environment}:
 * <pre>
 *   target[settings]/primitive[/fp32|int8][#n]
 *   settings = item{,item}     item = CODEGEN | key=value
 * </pre>
 * A bare item names one of the target's code generations ({@code autoscheduled}); {@code key=value}
 * sets a parameter of the target ({@code rows=16} on {@code systolic}) or of the chosen code
 * generation ({@code opt_level=0} on {@code cpu}). The brackets may be left out. Everything is
 * checked against the installed target's {@code codegens()}, {@code params()} and
 * {@code codegenParams(codegen)}; an error names what is accepted. {@code #n} marks the n-th copy
 * of the same environment in one list (added by {@link #parseAll}).
 */
public final class EnvironmentSyntax {
    private static final Pattern FORM = Pattern.compile("([^\\[\\]/#]+)(?:\\[([^\\]]*)\\])?/([^/#\\[\\]]+)(?:/([^/#]+))?(?:#(\\d+))?");
    /** Commas that separate environments: those not inside [...]. */
    public static final String LIST_SEPARATOR = ",(?![^\\[]*\\])";

    private EnvironmentSyntax() { }

    public static Environment parse(String written) {
        String s = written.trim();
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, "environment '" + s + "' is not target[settings]/primitive[/fp32|int8], "
                    + "e.g. jvm/gemm/int8, cpu[opt_level=0]/direct, cpu[autoscheduled,trials=16]/gemm");
        }
        String targetName = m.group(1).trim();
        HardwareTarget target = Targets.get(targetName);
        String codegen = null;
        Map<String, String> values = new LinkedHashMap<>();
        if (m.group(2) != null) {
            for (String item : m.group(2).split(",")) {
                String it = item.trim();
                if (it.isEmpty()) continue;
                int eq = it.indexOf('=');
                if (eq >= 0) {
                    if (values.put(it.substring(0, eq).trim(), it.substring(eq + 1).trim()) != null) {
                        throw new InvalidInputException(ErrorKind.CONFLICT, "environment '" + s + "' sets '" + it.substring(0, eq).trim() + "' twice");
                    }
                } else if (!target.codegens().contains(it)) {
                    throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "environment '" + s + "': target '" + targetName + "' has no code generation '" + it
                            + "'" + acceptedKeys(target, target.codegens().get(0)));
                } else if (codegen != null) {
                    throw new InvalidInputException(ErrorKind.CONFLICT, "environment '" + s + "' names two code generations: " + codegen + " and " + it);
                } else {
                    codegen = it;
                }
            }
        }
        String codegenName = codegen != null ? codegen : target.codegens().get(0);
        Map<String, ParamSpec> targetSpecs = ParamValues.byName(target.params());
        Map<String, ParamSpec> codegenSpecs = ParamValues.byName(target.codegenParams(codegenName));
        Map<String, String> forTarget = new HashMap<>(), forCodegen = new HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (targetSpecs.containsKey(e.getKey())) forTarget.put(e.getKey(), e.getValue());
            else if (codegenSpecs.containsKey(e.getKey())) forCodegen.put(e.getKey(), e.getValue());
            else {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "environment '" + s + "': target '" + targetName + "' with code generation '" + codegenName
                        + "' has no parameter '" + e.getKey() + "'" + acceptedKeys(target, codegenName));
            }
        }
        String subject = "environment '" + s + "':";
        Environment env = new Environment(targetName, codegen,
                ParamValues.checked(subject + " target '" + targetName + "'", forTarget, target.params()),
                ParamValues.checked(subject + " code generation '" + codegenName + "'", forCodegen, target.codegenParams(codegenName)),
                m.group(3).trim(), m.group(4) == null ? Environment.FP32 : m.group(4).trim(), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
        var unsupported = target.unsupported(env.hardwareChoice(), Choice.of(env.primitive()), env.codegenChoice());
        if (unsupported.isPresent()) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "environment '" + s + "': " + unsupported.get());
        return env;
    }

    /** Comma-separated environments; the second and later copies of the same one get #2, #3, ... so that every label is unique. */
    public static List<Environment> parseAll(String csv) {
        List<Environment> out = new ArrayList<>();
        for (String s : csv.split(LIST_SEPARATOR)) if (!s.isBlank()) out.add(parse(s));
        return numbered(out);
    }

    /** The same list with repeated environments numbered #2, #3, ... */
    public static List<Environment> numbered(List<Environment> envs) {
        List<Environment> out = new ArrayList<>();
        Map<Environment, Integer> seen = new HashMap<>();
        for (Environment e : envs) {
            int n = seen.merge(e.withReplica(0), 1, Integer::sum);
            out.add(n == 1 ? e : e.withReplica(n));
        }
        return out;
    }

    /** {@code [autoscheduled,opt_level=0,trials=16]}: the written code generation, then the parameters by name; empty when none. */
    static String settings(Environment e) {
        List<String> items = new ArrayList<>();
        if (e.codegen() != null) items.add(e.codegen());
        Map<String, Object> all = new java.util.TreeMap<>(e.targetParams());
        all.putAll(e.codegenParams());
        all.forEach((k, v) -> items.add(k + "=" + v));
        return items.isEmpty() ? "" : items.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static String acceptedKeys(HardwareTarget target, String codegen) {
        Set<String> codegenKeys = new TreeSet<>(ParamValues.byName(target.codegenParams(codegen)).keySet());
        List<String> targetKeys = target.params().stream().map(ParamSpec::name).toList();
        return "; accepted: code generations " + String.join(", ", target.codegens())
                + "; target parameters " + (targetKeys.isEmpty() ? "none" : String.join(", ", targetKeys))
                + "; " + codegen + " parameters " + (codegenKeys.isEmpty() ? "none" : String.join(", ", codegenKeys));
    }
}
