package org.dlas.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code exclude:} and {@code only:} sections: lists of rules, each a mapping of axes to the choices it matches. */
final class RuleReader {
    private final SpecErrors errors;
    private final ChoiceReader choiceReader;

    RuleReader(SpecErrors errors, ChoiceReader choices) {
        this.errors = errors;
        this.choiceReader = choices;
    }

    /** The rules under {@code key} (none when absent); rules with a problem are reported and left out. */
    List<Rule> rules(YamlNode.Entry e, String key) {
        if (e == null) return List.of();
        YamlNode v = e.value();
        if (!(v instanceof YamlNode.Sequence seq)) {
            errors.error(v, key, "expected a list of rules, each a mapping such as {primitive: winograd, "
                    + "compression: int8}, got " + YamlNode.describe(v));
            return List.of();
        }
        if (seq.items().isEmpty() && key.equals("only")) {
            errors.error(v, key, "empty list: every point would be skipped; remove 'only' or add a rule");
        }
        List<String> axisKeys = java.util.Arrays.stream(Axis.values()).map(Axis::key).toList();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String rk = key + "[" + i + "]";
            if (!(item instanceof YamlNode.Mapping rm)) {
                errors.error(item, rk, "expected a rule, a mapping such as {primitive: winograd, compression: int8}, got "
                        + YamlNode.describe(item));
                continue;
            }
            if (rm.entries().isEmpty()) {
                errors.error(rm, rk, "empty rule; it would match every point");
                continue;
            }
            Map<Axis, List<Choice>> match = new LinkedHashMap<>();
            boolean ok = true;
            for (YamlNode.Entry re : rm.entries().values()) {
                String ak = rk + "." + re.key();
                Axis axis = axisOf(re.key());
                if (axis == null) {
                    errors.unknownKey(re, ak, axisKeys);
                    ok = false;
                    continue;
                }
                List<Choice> choices = new ArrayList<>();
                if (re.value() instanceof YamlNode.Sequence rs) {
                    if (rs.items().isEmpty()) {
                        errors.error(rs, ak, "empty list; it would match nothing");
                        ok = false;
                    }
                    for (int j = 0; j < rs.items().size(); j++) {
                        YamlNode it = rs.items().get(j);
                        Choice c = it instanceof YamlNode.Sequence ? choiceReader.listNotAllowed(it, ak + "[" + j + "]", axis)
                                : choiceReader.choice(axis, it, ak + "[" + j + "]", true);
                        if (c == null) ok = false; else choices.add(c);
                    }
                } else {
                    Choice c = choiceReader.choice(axis, re.value(), ak, true);
                    if (c == null) ok = false; else choices.add(c);
                }
                match.put(axis, choices);
            }
            if (ok) {
                Path fileName = rm.file().getFileName();
                rules.add(new Rule(match, (fileName == null ? rm.file() : fileName) + ":" + rm.line()));
            }
        }
        return rules;
    }

    private static Axis axisOf(String key) {
        for (Axis a : Axis.values()) {
            if (a.key().equals(key)) return a;
        }
        return null;
    }
}
