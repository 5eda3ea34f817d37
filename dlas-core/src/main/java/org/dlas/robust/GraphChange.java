package org.dlas.robust;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.dlas.ir.Graph;

/**
 * What mutation operators and conversion faults have in common: a named, deliberate change of a
 * {@link Graph} that may not apply to every graph. Implementations are plug-ins found with
 * {@link java.util.ServiceLoader}; they need a public no-argument constructor and must not modify
 * their input graph.
 */
public interface GraphChange {

    /** Unique name within its kind, e.g. {@code relu-to-relu6} or {@code wrong-padding}. */
    String name();

    /** One line saying what the change does. */
    String describe();

    /** Empty when the change can be made to {@code g}; otherwise why not. */
    Optional<String> notApplicable(Graph g);

    /**
     * Prints one line per change (name, {@code group}, description) for a command's {@code --list},
     * the group column {@code groupWidth} wide; the command's exit code, 0.
     */
    static <T extends GraphChange> int list(PrintWriter out, Collection<T> changes, Function<T, Object> group, int groupWidth) {
        for (T c : changes) out.printf(Locale.ROOT, "%-26s %-" + groupWidth + "s %s%n", c.name(), group.apply(c), c.describe());
        out.flush();
        return 0;
    }
}
