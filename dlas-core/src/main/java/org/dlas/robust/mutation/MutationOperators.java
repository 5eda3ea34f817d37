package org.dlas.robust.mutation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

import org.dlas.plugin.NamedPlugins;

/** The mutation operators on the class path, by name and category. */
public final class MutationOperators {
    /** Categories of the built-in operators. */
    public static final List<String> CATEGORIES = List.of("conditional", "arithmetic-types", "layer", "input", "activation", "weights");

    private static final NamedPlugins<MutationOperator> PLUGINS = NamedPlugins.load(MutationOperator.class, MutationOperators.class.getClassLoader(), MutationOperator::name);

    private MutationOperators() { }

    /** All installed operators by name, in service-file order. */
    public static Map<String, MutationOperator> installed() { return PLUGINS.instances(); }

    public static List<String> names() { return List.copyOf(installed().keySet()); }

    public static Set<String> categories() {
        Set<String> s = new TreeSet<>();
        for (MutationOperator op : installed().values()) s.add(op.category());
        return s;
    }

    /** The operator called {@code name}; unknown names throw IllegalArgumentException listing the accepted ones. */
    public static MutationOperator get(String name) {
        MutationOperator op = installed().get(name);
        if (op == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown mutation operator '" + name + "'; accepted: " + String.join(", ", names()));
        return op;
    }

    public static List<MutationOperator> byCategory(String category) {
        if (!categories().contains(category)) {
            throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown mutation category '" + category + "'; accepted: " + String.join(", ", categories()));
        }
        List<MutationOperator> out = new ArrayList<>();
        for (MutationOperator op : installed().values()) if (op.category().equals(category)) out.add(op);
        return out;
    }

    /** Operators named in {@code names} plus those of {@code categories}; all installed when both are empty. */
    public static List<MutationOperator> select(List<String> names, List<String> categories) {
        Map<String, MutationOperator> out = new LinkedHashMap<>();
        if ((names == null || names.isEmpty()) && (categories == null || categories.isEmpty())) return List.copyOf(installed().values());
        if (names != null) for (String n : names) out.put(n, get(n.trim()));
        if (categories != null) for (String c : categories) for (MutationOperator op : byCategory(c.trim())) out.put(op.name(), op);
        return List.copyOf(out.values());
    }
}
