package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.plugin.NamedPlugins;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The conversion fault kinds on the class path, by name. */
public final class ConversionFaults {
    private static final NamedPlugins<ConversionFault> PLUGINS = NamedPlugins.load(ConversionFault.class, ConversionFaults.class.getClassLoader(), ConversionFault::name);

    private ConversionFaults() { }

    public static Map<String, ConversionFault> installed() { return PLUGINS.instances(); }

    public static List<String> names() { return List.copyOf(installed().keySet()); }

    /** The kind called {@code name}; unknown names throw IllegalArgumentException listing the accepted ones. */
    public static ConversionFault get(String name) {
        ConversionFault f = installed().get(name.trim());
        if (f == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown fault kind '" + name + "'; accepted: " + String.join(", ", names()));
        return f;
    }

    /**
     * Injects the kinds one after another into {@code converted}; seed + i picks the node of the
     * i-th kind. Input-stage kinds go last, so that no other kind picks the node they add (e.g. a
     * wrong epsilon on an inserted input scale). Throws IllegalArgumentException when a kind does
     * not apply to the graph.
     */
    public static List<Injection> injectAll(Graph converted, List<String> kinds, long seed) {
        List<ConversionFault> faults = new ArrayList<>();
        for (String k : kinds) faults.add(get(k));
        faults.sort(java.util.Comparator.comparing((ConversionFault f) -> f.stage() == Stage.INPUT));
        List<Injection> out = new ArrayList<>();
        Graph g = converted;
        for (int i = 0; i < faults.size(); i++) {
            ConversionFault f = faults.get(i);
            var why = f.notApplicable(g);
            if (why.isPresent()) throw new InvalidInputException(ErrorKind.UNSUPPORTED, f.name() + " does not apply to " + converted.name() + ": " + why.get());
            Injection inj = f.inject(g, seed + i);
            out.add(inj);
            g = inj.faulty();
        }
        return out;
    }
}
